#!/usr/bin/env python3
"""Browser test of `zhenggai serve` and `check --format html`, driven through WebDriver.

Run by .ci/run with Debian's chromium, chromium-driver, python3-selenium and
fonts-noto-cjk (all installed there when missing). Usage:

    /usr/bin/python3 scripts/browser_serve.py [--bin target/release/zhenggai] [--out target/ci-artifacts]

Starts `serve` on a free port of 127.0.0.1, then in headless Chromium: uploads
examples/faulty.txt and a .docx built here, checks that every diagnostic of the CLI's JSON
is highlighted, clicks a list entry and checks its highlight is in view, hovers a highlight,
applies one fix and then all of them (compared with `check --fix`), downloads the fixed
text, pastes a draft holding HTML and checks nothing runs, and opens an HTML report and
uses its filters. Screenshots go to the output folder. Prints 'N passed, N failed'.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parent.parent
FAULTY = ROOT / "examples" / "faulty.txt"

passed, failed = 0, 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}")


def run(bin_, *args, stdin=None, cwd=None):
    return subprocess.run(
        [bin_, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120
    )


def cli_json(bin_, path, cwd):
    out = run(bin_, "check", "--no-config", "--format", "json", str(path), cwd=cwd)
    return json.loads(out.stdout)


def make_docx(text, path):
    """A minimal Word document: one paragraph per line, each with two runs."""

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    paras = []
    for line in text.split("\n"):
        mid = len(line) // 2
        runs = "".join(
            f'<w:r><w:t xml:space="preserve">{esc(part)}</w:t></w:r>'
            for part in (line[:mid], line[mid:])
        )
        paras.append(f"<w:p>{runs}</w:p>")
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(paras)}<w:sectPr/></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", doc)


def wait(driver, cond_js, what, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if driver.execute_script(cond_js):
            return True
        time.sleep(0.05)
    check(False, f"timed out waiting for {what}")
    return False


def checks(driver):
    return int(driver.execute_script("return Number(document.body.dataset.checks||0)"))


def wait_check(driver, before, what):
    return wait(
        driver,
        f"return Number(document.body.dataset.checks||0) > {before} && !document.body.dataset.busy",
        what,
    )


HIGHLIGHTED = """
var s = new Set();
document.querySelectorAll('#doc mark[data-d]').forEach(function (m) {
  m.dataset.d.split(' ').forEach(function (i) { s.add(i); });
});
return s.size;
"""


def upload(driver, path):
    before = checks(driver)
    driver.find_element(By.ID, "file").send_keys(str(path))
    wait_check(driver, before, f"the check of {path.name}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "zhenggai"))
    ap.add_argument("--out", default=str(ROOT / "target" / "ci-artifacts"))
    a = ap.parse_args()
    bin_ = str(Path(a.bin).resolve())
    out = Path(a.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="zhenggai-browser-"))
    downloads = work / "downloads"
    downloads.mkdir()
    faulty = work / "faulty.txt"
    faulty.write_bytes(FAULTY.read_bytes())
    docx = work / "通报.docx"
    make_docx(FAULTY.read_text(encoding="utf-8"), docx)

    server = subprocess.Popen(
        [bin_, "serve", "--port", "0", "--no-config"],
        cwd=work,
        stderr=subprocess.PIPE,
        text=True,
    )
    driver = None
    try:
        line = server.stderr.readline()
        m = re.search(r"http://[0-9.]+:\d+/", line)
        if not m:
            check(False, f"serve printed its address ({line!r})")
            return
        url = m.group(0)

        opts = webdriver.ChromeOptions()
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--window-size=1400,1000",
            "--lang=zh-CN",
        ):
            opts.add_argument(arg)
        opts.add_experimental_option(
            "prefs", {"download.default_directory": str(downloads)}
        )
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        driver.set_page_load_timeout(30)
        driver.get(url)
        check(driver.title.startswith("整改通报检查"), "the page loads")
        driver.save_screenshot(str(out / "serve-0-empty.png"))

        # --- examples/faulty.txt: every diagnostic highlighted
        want = cli_json(bin_, faulty, work)
        n = len(want["files"][0]["diagnostics"])
        upload(driver, faulty)
        got = driver.execute_script(HIGHLIGHTED)
        check(got == n and n > 0, f"faulty.txt: {got} diagnostics highlighted, the CLI's JSON has {n}")
        entries = len(driver.find_elements(By.CSS_SELECTOR, "#list .entry"))
        check(entries == n, f"faulty.txt: {entries} list entries")
        groups = driver.find_elements(By.CSS_SELECTOR, "#list .group")
        rules = {d["rule"] for d in want["files"][0]["diagnostics"]}
        check(len(groups) == len(rules), f"list grouped by rule ({len(groups)} groups, {len(rules)} rules)")
        # The panel of what was recognised (zhenggai inspect).
        facts = driver.execute_script("return document.getElementById('facts-text').textContent")
        inspected = run(bin_, "inspect", str(faulty), cwd=work).stdout.decode("utf-8")
        check("起止日期" in facts and facts.splitlines()[1:] == inspected.splitlines()[1:],
              "recognised panel shows what `zhenggai inspect` prints")
        driver.save_screenshot(str(out / "serve-1-faulty.png"))

        # --- click the last entry: its highlight scrolls into view and flashes
        driver.execute_script("window.scrollTo(0, 0)")
        last = driver.find_elements(By.CSS_SELECTOR, "#list .entry")[-1]
        i = last.get_attribute("data-i")
        last.click()
        time.sleep(0.4)
        in_view = driver.execute_script(
            """var i = arguments[0];
            var m = [].filter.call(document.querySelectorAll('#doc mark'), function (m) {
              return m.dataset.d.split(' ').indexOf(i) >= 0; })[0];
            var r = m.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight && m.classList.contains('flash');""",
            i,
        )
        check(in_view, "clicking an entry scrolls its highlight into view and flashes it")
        driver.save_screenshot(str(out / "serve-2-clicked.png"))

        # --- hover a highlight with labels: message, labels and explanation
        idx = next(
            (k for k, d in enumerate(want["files"][0]["diagnostics"]) if len(d["labels"]) >= 2),
            0,
        )
        d = want["files"][0]["diagnostics"][idx]
        mark = driver.execute_script(
            """var i = String(arguments[0]);
            return [].filter.call(document.querySelectorAll('#doc mark'), function (m) {
              return m.dataset.d.split(' ').indexOf(i) >= 0; })[0];""",
            idx,
        )
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        ActionChains(driver).move_to_element(mark).perform()
        time.sleep(0.3)
        tip = driver.find_element(By.ID, "tip")
        labelled = driver.execute_script("return document.querySelectorAll('#doc .labelled').length")
        check(
            tip.is_displayed() and d["message"] in tip.text and d["labels"][0]["message"] in tip.text,
            f"hovering shows the message and labels of {d['rule']}",
        )
        check(labelled >= 1, f"hovering marks the labelled parts ({labelled})")
        driver.save_screenshot(str(out / "serve-3-hover.png"))
        ActionChains(driver).move_by_offset(0, 0).move_to_element(driver.find_element(By.TAG_NAME, "h1")).perform()

        # --- one fix, then all fixes, compared with `check --fix`
        fixable = len(driver.find_elements(By.CSS_SELECTOR, "#list button.fix"))
        before = checks(driver)
        driver.find_elements(By.CSS_SELECTOR, "#list button.fix")[0].click()
        wait_check(driver, before, "the check after one fix")
        left = len(driver.find_elements(By.CSS_SELECTOR, "#list button.fix"))
        check(fixable > 0 and left < fixable, f"one fix applied ({fixable} -> {left} fixable)")
        upload(driver, faulty)
        before = checks(driver)
        driver.find_element(By.ID, "fix-all").click()
        wait_check(driver, before, "the check after fixing all")
        page_text = driver.execute_script("return document.getElementById('paste').value")
        fixed = run(
            bin_, "check", "--no-config", "--fix", "--stdin-filename", "faulty.txt",
            stdin=FAULTY.read_bytes(), cwd=work,
        ).stdout.decode("utf-8")
        check(page_text == fixed and fixed != FAULTY.read_text(encoding="utf-8"),
              "fixing all gives the text of `check --fix`")
        doc_text = driver.execute_script("return document.getElementById('doc').textContent")
        check(doc_text == fixed, "the document shown is the fixed text")
        driver.save_screenshot(str(out / "serve-4-fixed.png"))
        driver.find_element(By.ID, "download").click()
        got_file = None
        for _ in range(100):
            files = [p for p in downloads.iterdir() if p.name == "faulty-修正.txt"]
            if files:
                got_file = files[0]
                break
            time.sleep(0.1)
        check(got_file is not None and got_file.read_text(encoding="utf-8") == fixed,
              f"the downloaded text is the fixed text ({got_file.name if got_file else 'none'})")

        # --- a .docx
        want = cli_json(bin_, docx, work)
        n = len(want["files"][0]["diagnostics"])
        upload(driver, docx)
        got = driver.execute_script(HIGHLIGHTED)
        check(got == n and n > 0, f"通报.docx: {got} diagnostics highlighted, the CLI's JSON has {n}")
        driver.save_screenshot(str(out / "serve-5-docx.png"))
        # The same Word document back with a comment at each problem (zhenggai annotate).
        driver.find_element(By.ID, "annotate").click()
        annotated = None
        for _ in range(200):
            files = [p for p in downloads.iterdir() if p.name == "通报-批注.docx"]
            if files and files[0].stat().st_size > 0:
                annotated = files[0]
                break
            time.sleep(0.1)
        comments = 0
        if annotated is not None:
            import zipfile
            time.sleep(0.3)  # the browser renames the finished download into place
            with zipfile.ZipFile(annotated) as z:
                comments = z.read("word/comments.xml").decode("utf-8").count("<w:comment ")
        check(comments == n, f"the annotated .docx has one comment per diagnostic ({comments} of {n})")

        # --- a pasted draft holding HTML: shown as text, nothing runs
        evil = FAULTY.read_text(encoding="utf-8").replace(
            "临溪", '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">临溪', 1
        ).rstrip("\n")
        driver.execute_script("document.getElementById('edit').open = true")
        before = checks(driver)
        # A burst of edits (one script, so no timer can fire between them) is checked once.
        driver.execute_script(
            """var t = document.getElementById('paste'), s = arguments[0];
            for (var k = 1; k <= 5; k++) {
              t.value = s.slice(0, Math.ceil(s.length * k / 5));
              t.dispatchEvent(new Event('input'));
            }""",
            evil,
        )
        wait_check(driver, before, "the debounced check of pasted text")
        time.sleep(1.0)
        state = driver.execute_script(
            """var doc = document.getElementById('doc');
            return [window.__pwned === undefined, doc.querySelectorAll('script,img').length,
                    doc.textContent === arguments[0], Number(document.body.dataset.checks)];""",
            evil,
        )
        check(state[0] and state[1] == 0 and state[2],
              "a pasted <script> and <img onerror> are shown as text and never run")
        check(state[3] == before + 1, f"five quick edits are checked once, debounced ({state[3] - before} checks)")
        # Real typing goes through the same path.
        before = checks(driver)
        driver.find_element(By.ID, "paste").send_keys("。")
        wait_check(driver, before, "the check after typing")
        check(driver.execute_script("return document.getElementById('doc').textContent") == evil + "。",
              "typed text is checked again")
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(out / "serve-6-pasted-html.png"))

        severe = [
            e for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and "favicon" not in e["message"] and "/x " not in e["message"]
            and not e["message"].rstrip().endswith("/x")
        ]
        check(not severe, f"no console errors (CSP violations…): {severe[:3]}")

        # --- the HTML report
        clean = work / "clean.txt"
        clean.write_text((ROOT / "examples" / "announcement.txt").read_text(encoding="utf-8"), encoding="utf-8")
        report = out / "report.html"
        run(bin_, "check", "--no-config", "--format", "html", "-o", str(report),
            "faulty.txt", "通报.docx", "clean.txt", cwd=work)
        want = json.loads(run(bin_, "check", "--no-config", "--format", "json",
                              "faulty.txt", "通报.docx", "clean.txt", cwd=work).stdout)
        s = want["summary"]
        total = s["errors"] + s["warnings"] + s["infos"]
        driver.get(report.resolve().as_uri())
        shown = lambda: driver.execute_script(
            "return [document.querySelectorAll('.d:not([hidden])').length,"
            " document.getElementById('shown').textContent]")
        t = driver.find_element(By.ID, "totals")
        check(
            [t.get_attribute(f"data-{k}") for k in ("files", "errors", "warnings", "infos")]
            == [str(s[k]) for k in ("files", "errors", "warnings", "infos")],
            f"report totals equal the JSON summary ({t.text})",
        )
        check(shown() == [total, str(total)], f"report shows all {total} diagnostics")
        rows = driver.find_elements(By.CSS_SELECTOR, "#files tr")
        check(len(rows) == 1 + 3, "report lists the three files")
        driver.save_screenshot(str(out / "report-1-all.png"))
        driver.find_element(By.CSS_SELECTOR, "#filters input[name=sev][value=error]").click()
        rest = s["warnings"] + s["infos"]
        check(shown() == [rest, str(rest)], f"filtering out errors leaves {rest}")
        rule = want["files"][0]["diagnostics"][0]["rule"]
        driver.find_element(By.CSS_SELECTOR, "#filters input[name=sev][value=error]").click()
        driver.find_element(By.CSS_SELECTOR, f"#filters input[name=rule][value='{rule}']").click()
        n_rule = sum(d["rule"] == rule for f in want["files"] for d in f["diagnostics"])
        check(shown() == [total - n_rule, str(total - n_rule)], f"filtering out {rule} hides its {n_rule}")
        driver.save_screenshot(str(out / "report-2-filtered.png"))
        driver.execute_script("document.querySelector('section.file .d:not([hidden])').scrollIntoView()")
        driver.save_screenshot(str(out / "report-3-diagnostics.png"))
    finally:
        if driver is not None:
            driver.quit()
        server.kill()
        server.wait()
        print(f"{passed} passed, {failed} failed")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a step that could not run is a failure, not a crash
        failed += 1
        print(f"FAIL {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
        print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
