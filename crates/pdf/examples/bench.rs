//! Letters per second and memory over many renders, for `bench/pdf`.
//!
//! `cargo run --release -p outcry-pdf --example bench -- 1000 out.pdf`: renders 1,000
//! different letters (each to another supporter, so typst's memo cache cannot reuse output),
//! one after another on one thread, and prints timings and the peak resident memory after
//! each tenth of the run; then writes the last PDF to `out.pdf` for a look.

use std::time::{Duration, Instant};

use outcry_pdf::{Envelope, Layout, Letter, render};

fn letter(i: usize) -> Letter {
    let sender = vec![
        format!("Anna Smith {i}"),
        "12 Example Road".to_string(),
        "Leeds LS1 1AA".to_string(),
        "UNITED KINGDOM".to_string(),
    ];
    let recipient = vec![
        "Михаилу Аркадьевичу Митяеву".to_string(),
        "Прокуратура Ямало-Ненецкого автономного округа".to_string(),
        "ул. Дзержинского, 13".to_string(),
        "пос. Харп, г. Лабытнанги, 629420".to_string(),
        "RUSSIA".to_string(),
    ];
    Letter {
        lang: "ru".into(),
        date: "22 ноября 2026 г.".into(),
        sender: sender.clone(),
        recipient: recipient.clone(),
        subject: "О расследовании сообщений о пытках Азата Мифтахова".into(),
        salutation: "Уважаемый Михаил Аркадьевич!".into(),
        body: [
            "Я пишу Вам в связи с сообщениями о жестоком обращении с Азатом Фанисовичем Мифтаховым (1993 г. р.) после его перевода в исправительную колонию № 18 в апреле 2026 года.",
            "Прошу Вас обеспечить незамедлительное, независимое и эффективное расследование этих сообщений, защитить Азата Мифтахова от дальнейшего жестокого обращения и обеспечить ему доступ к адвокату и врачу по его выбору.",
            "Пытки запрещены абсолютно, и все, кто подозревается в причастности к ним, должны быть привлечены к ответственности в ходе справедливого разбирательства.",
        ]
        .join("\n\n"),
        sign_off: "С уважением,".into(),
        signature: format!("Anna Smith {i}, Leeds"),
        signature_space: true,
        envelope: Some(Envelope {
            from: sender,
            to: recipient,
            from_label: "From".into(),
            to_label: "To".into(),
            stamp_label: "Stamp".into(),
            ..Envelope::default()
        }),
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let out = args.next();
    let started = Instant::now();
    let first = render(&letter(0), Layout::default()).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "first render (fonts, library, templates): {:.1} ms, {} bytes",
        ms(started.elapsed()),
        first.len()
    );
    let mut times = Vec::with_capacity(n);
    let mut last = first;
    let run = Instant::now();
    for i in 1..=n {
        let t = Instant::now();
        last = render(&letter(i), Layout::default()).unwrap_or_else(|e| panic!("{e}"));
        times.push(t.elapsed());
        if n >= 10 && i % (n / 10) == 0 {
            println!("after {i:>5} letters: peak RSS {:.1} MiB", peak_rss_mib());
        }
    }
    let wall = run.elapsed();
    times.sort();
    let mean = times.iter().sum::<Duration>() / u32::try_from(n.max(1)).unwrap_or(1);
    println!(
        "typst: {n} letters in {:.2} s = {:.1} letters/s; per letter median {:.2} ms, mean {:.2} ms, p95 {:.2} ms; peak RSS {:.1} MiB",
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        ms(times[n / 2]),
        ms(mean),
        ms(times[n * 95 / 100]),
        peak_rss_mib()
    );
    if let Some(path) = out {
        std::fs::write(&path, &last).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}
