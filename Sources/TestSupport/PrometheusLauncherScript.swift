/// The Python 3 launcher behind ``PrometheusServer``: runs `prometheus` as its child, stops it on SIGTERM,
/// and stops it (and removes the fixture's directory) when the test process exits without stopping it.
///
/// Usage: `python3 launcher.py DIRECTORY PROMETHEUS ARGS…`.
enum PrometheusLauncherScript {
    static let source = #"""
import os, shutil, signal, subprocess, sys, threading, time

directory, command = sys.argv[1], sys.argv[2:]
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
child = subprocess.Popen(command)
parent = os.getppid()

def finish(remove):
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    if remove:
        shutil.rmtree(directory, ignore_errors=True)
    os._exit(0)

signal.signal(signal.SIGTERM, lambda *_: finish(False))
def watch_parent():
    while os.getppid() == parent and child.poll() is None:
        time.sleep(0.2)
    finish(os.getppid() != parent)
threading.Thread(target=watch_parent, daemon=True).start()
child.wait()
time.sleep(0.3)
"""#
}
