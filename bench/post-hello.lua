-- wrk script: a POST of a form the size of "I called", for the hello-world ceiling.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "csrf=1764620000.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA&channel=phone&country=DE"
