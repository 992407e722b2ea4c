"""Starts a service the way systemd would, for the real-stack tests (run by /usr/bin/python3).

The plan comes as JSON in argv[1]: {"argv", "cwd", "env", "listen": [{"path", "mode", "user",
"group"}], "gid", "uid", "private_tmp": [tmp_dir, private_dir] | null}. In order, like systemd:
1. socket activation: bind and listen on each ListenStream path, chmod to SocketMode, chown to
   SocketUser/SocketGroup, and pass them as fds 3.. with LISTEN_FDS/LISTEN_PID (the pid stays the
   same through exec, as sd_listen_fds() requires);
2. PrivateTmp=: bind-mount a private directory over the sandbox's /tmp (the caller runs this
   script under `unshare -m`, so only this process tree sees it);
3. Group=/User=: setgid/setuid when they exist on this machine;
4. WorkingDirectory= and exec.
Exit status 200+ means this script failed before exec (systemd's own failure codes are 200+ too).
"""
import json
import os
import pwd
import grp
import socket
import subprocess
import sys


def main():
    plan = json.loads(sys.argv[1])
    env = dict(plan["env"])
    high = []
    for i, spec in enumerate(plan.get("listen") or []):
        path = spec["path"]
        if os.path.exists(path):
            os.unlink(path)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.listen(128)
        os.chmod(path, int(spec.get("mode") or "0666", 8))
        uid = pwd.getpwnam(spec["user"]).pw_uid if spec.get("user") else -1
        gid = grp.getgrnam(spec["group"]).gr_gid if spec.get("group") else -1
        os.chown(path, uid, gid)
        # Park the socket far above 3.. first: its own number may be one of the targets.
        os.dup2(s.fileno(), 100 + i)
        s.close()
        high.append(100 + i)
    for i, fd in enumerate(high):
        os.dup2(fd, 3 + i)
        os.set_inheritable(3 + i, True)
        os.close(fd)
    fds = high
    if fds:
        env["LISTEN_FDS"] = str(len(fds))
        env["LISTEN_PID"] = str(os.getpid())
    private = plan.get("private_tmp")
    if private:
        r = subprocess.run(["mount", "--bind", private[1], private[0]])
        if r.returncode != 0:
            sys.exit(201)
    if plan.get("gid") is not None:
        os.setgroups([])
        os.setgid(plan["gid"])
    if plan.get("uid") is not None:
        os.setuid(plan["uid"])
    try:
        os.chdir(plan["cwd"])
    except OSError as e:
        print("systemd: Changing to the requested working directory failed: %s" % e, file=sys.stderr)
        sys.exit(200)
    try:
        os.execve(plan["argv"][0], plan["argv"], env)
    except OSError as e:
        print("systemd: Failed to execute %s: %s" % (plan["argv"][0], e), file=sys.stderr)
        sys.exit(203)


if __name__ == "__main__":
    main()
