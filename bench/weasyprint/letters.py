"""The same letter as crates/pdf/examples/bench.rs, as HTML, rendered by WeasyPrint.

Usage: FONTDIR=... python letters.py N [out.pdf]
Fonts and the stylesheet are loaded once, as typst's renderer keeps its fonts: one
FontConfiguration and one parsed CSS serve every letter, so only the letter itself is measured.
Prints per-letter timings, letters per second and peak RSS, in the same shape as the typst
example, so bench/pdf can put both in one table.
"""
import html
import os
import resource
import sys
import time

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

FONTDIR = os.environ["FONTDIR"]

STYLE = """
@font-face { font-family: Libertinus; src: url("file://{FONTDIR}/LibertinusSerif-Regular.otf"); }
@font-face { font-family: Libertinus; font-weight: bold; src: url("file://{FONTDIR}/LibertinusSerif-Bold.otf"); }
@page { size: A4; margin: 20mm 25mm 22mm 25mm; }
@page envelope { size: 220mm 110mm; margin: 10mm; }
body { font-family: Libertinus; font-size: 11pt; line-height: 1.35; }
p { text-align: justify; hyphens: auto; margin: 0 0 0.8em; }
.from { float: right; text-align: left; margin-bottom: 8mm; }
.to { clear: both; margin-bottom: 6mm; }
.date { text-align: right; }
.subject { font-weight: bold; }
.sign { margin-top: 14mm; }
.envelope { page: envelope; break-before: page; position: relative; height: 90mm; }
.envelope .from { position: absolute; top: 0; left: 0; float: none; font-size: 9.5pt; }
.envelope .stamp { position: absolute; top: 0; right: 0; width: 22mm; height: 26mm; border: 0.5pt solid #888; font-size: 7pt; text-align: center; }
.envelope .to { position: absolute; bottom: 0; right: 0; width: 55%; font-size: 12pt; }
.caption { font-size: 7.5pt; color: #555; }
"""

PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>{subject}</title></head><body>
<div class="from">{sender}</div>
<div class="to">{recipient}</div>
<p class="date">22 ноября 2026 г.</p>
<p class="subject">{subject}</p>
<p>Уважаемый Михаил Аркадьевич!</p>
{body}
<p>С уважением,</p>
<p class="sign">{signature}</p>
<div class="envelope">
  <div class="from"><span class="caption">From</span><br>{sender}</div>
  <div class="stamp">Stamp</div>
  <div class="to"><span class="caption">To</span><br>{recipient}</div>
</div>
</body></html>"""

BODY = [
    "Я пишу Вам в связи с сообщениями о жестоком обращении с Азатом Фанисовичем Мифтаховым (1993 г. р.) после его перевода в исправительную колонию № 18 в апреле 2026 года.",
    "Прошу Вас обеспечить незамедлительное, независимое и эффективное расследование этих сообщений, защитить Азата Мифтахова от дальнейшего жестокого обращения и обеспечить ему доступ к адвокату и врачу по его выбору.",
    "Пытки запрещены абсолютно, и все, кто подозревается в причастности к ним, должны быть привлечены к ответственности в ходе справедливого разбирательства.",
]
RECIPIENT = [
    "Михаилу Аркадьевичу Митяеву",
    "Прокуратура Ямало-Ненецкого автономного округа",
    "ул. Дзержинского, 13",
    "пос. Харп, г. Лабытнанги, 629420",
    "RUSSIA",
]


def lines(items):
    return "<br>".join(html.escape(x) for x in items)


def letter(i):
    sender = [f"Anna Smith {i}", "12 Example Road", "Leeds LS1 1AA", "UNITED KINGDOM"]
    return PAGE.format(
        subject=html.escape("О расследовании сообщений о пытках Азата Мифтахова"),
        sender=lines(sender),
        recipient=lines(RECIPIENT),
        body="\n".join(f"<p>{html.escape(p)}</p>" for p in BODY),
        signature=html.escape(f"Anna Smith {i}, Leeds"),
    )


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    t = time.perf_counter()
    fonts = FontConfiguration()
    css = CSS(string=STYLE.replace("{FONTDIR}", FONTDIR), font_config=fonts)

    def render(i):
        return HTML(string=letter(i)).write_pdf(stylesheets=[css], font_config=fonts)

    pdf = render(0)
    print(f"first render: {(time.perf_counter() - t) * 1e3:.1f} ms, {len(pdf)} bytes")
    times = []
    run = time.perf_counter()
    for i in range(1, n + 1):
        t = time.perf_counter()
        pdf = render(i)
        times.append(time.perf_counter() - t)
    wall = time.perf_counter() - run
    times.sort()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"weasyprint: {n} letters in {wall:.2f} s = {n / wall:.2f} letters/s; per letter "
        f"median {times[n // 2] * 1e3:.1f} ms, mean {sum(times) / n * 1e3:.1f} ms, "
        f"p95 {times[n * 95 // 100] * 1e3:.1f} ms; peak RSS {rss:.1f} MiB"
    )
    if len(sys.argv) > 2:
        with open(sys.argv[2], "wb") as f:
            f.write(pdf)


main()
