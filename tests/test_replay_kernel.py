"""The replay's kernels (conftest.py) show a figure as its text alone: no PNG is drawn for nbval, which
would not compare it. A kernel started here inherits the profile, as nbval's kernels do."""
import os

from jupyter_client.manager import start_new_kernel

from hw1 import ROOT

SHOW = "%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([0, 1])\nplt.show()"


def test_a_shown_figure_is_its_text_alone(pytestconfig):
    conftest = pytestconfig.pluginmanager.get_plugin(str(ROOT / "conftest.py"))  # the repository's own
    profile = conftest.IPYTHON_DIR
    assert os.environ.get("IPYTHONDIR") == str(profile), "the session's kernels are not in the replay's profile"
    manager, client = start_new_kernel(kernel_name="python3", extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    try:
        shown = []
        reply = client.execute_interactive(SHOW, timeout=60, output_hook=shown.append)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    displays = [msg["content"]["data"] for msg in shown if msg["msg_type"] == "display_data"]
    assert [list(data) for data in displays] == [["text/plain"]]
    assert displays[0]["text/plain"] == "<Figure size 640x480 with 1 Axes>"  # matplotlib's default size
