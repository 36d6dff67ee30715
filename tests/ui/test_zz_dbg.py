from tests.ui.test_reader import *
def test_dbg(qtbot):
    h = Harness(qtbot)
    print(len(h.png), h.png[:8])
    h.show(make_detail(RICH_BODY))
    print(h.asset_requests, h.js("document.querySelector('.body figure img').outerHTML"), h.js("document.querySelector('.body figure img').complete"))
    qtbot.wait(500)
    print(h.js("document.querySelector('.body figure img').naturalWidth"))
