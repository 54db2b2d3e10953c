-- wrk script: POST "I called" with the cookie and token fetched by bench/run.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.body = "csrf=" .. os.getenv("BENCH_TOKEN") .. "&channel=phone&country=DE"
