"""Regenerate the README pictures from the built corpus: `make run`, then
`.venv/bin/python docs/img/make.py`. Screenshots of the offline pages are taken in Debian's
headless chromium (through chromedriver, every remote host unreachable); the timeline and the
focused network are the static pictures `polkg` writes itself."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[2]
OUT, IMG = ROOT / "out", ROOT / "docs" / "img"
POLKG = str(Path(sys.executable).with_name("polkg"))


def main() -> None:
    subprocess.run([POLKG, "viz", "-o", str(OUT / "network.html")], check=True)
    subprocess.run(
        [POLKG, "timeline", "--format", "png", "-o", str(IMG / "timeline.png")], check=True
    )
    subprocess.run(
        [POLKG, "viz", "--focus", "Binali Yıldırım", "--depth", "1", "--format", "png",
         "-o", str(IMG / "network-focus.png")],
        check=True,
    )  # fmt: skip
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,950",
                "--host-resolver-rules=MAP * ~NOTFOUND"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        driver.get((OUT / "network.html").as_uri())
        time.sleep(0.5)
        driver.save_screenshot(str(IMG / "network.png"))
        driver.find_element(
            By.CSS_SELECTOR, 'g.node[data-iri$="annulment/2019-istanbul-mayor"]'
        ).click()
        time.sleep(0.3)
        driver.save_screenshot(str(IMG / "network-details.png"))
        driver.find_element(By.CSS_SELECTOR, "#details a.evidence").click()
        time.sleep(0.5)
        driver.save_screenshot(str(IMG / "sources.png"))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
