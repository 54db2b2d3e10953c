//! Reading any bytes as returned mail must never panic, and the report's bounds must hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = outcry_bounce::read(data);
    assert!(report.recipients.len() <= outcry_bounce::MAX_RECIPIENTS);
    for recipient in &report.recipients {
        if let Some(status) = &recipient.status {
            assert!(
                outcry_bounce::status::is_valid(status),
                "bad status {status:?}"
            );
        }
        assert!(recipient.address.chars().count() <= 320);
        assert!(
            recipient
                .diagnostic
                .as_ref()
                .is_none_or(|d| d.chars().count() <= 500)
        );
        let strings = [
            Some(&recipient.address),
            recipient.diagnostic.as_ref(),
            recipient.remote_mta.as_ref(),
        ];
        for text in strings.into_iter().flatten() {
            assert!(
                !text.chars().any(char::is_control),
                "control character in {text:?}"
            );
        }
    }
    let failed_or_delayed = matches!(
        report.kind,
        outcry_bounce::Kind::Failed | outcry_bounce::Kind::Delayed
    );
    assert_eq!(report.is_bounce(), failed_or_delayed);
    for address in &report.delivered_to {
        assert!(
            !address.chars().any(char::is_control),
            "control character in {address:?}"
        );
    }
});
