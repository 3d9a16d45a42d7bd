//go:build oracle

package oracle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xldisk/xldisk/release"
)

// DefaultRoot is where .ci/run builds the Debian 13 (trixie) root holding
// libxlutil 4.20 and QEMU 10.0. The environment variable XLDISK_ORACLE_ROOT
// names another one.
const DefaultRoot = "/var/cache/xldisk/trixie"

// RequireEnv names the environment variable that lists, comma-separated,
// the Xen releases and QEMU versions that must be available ("4.17,4.20,
// qemu7.2,qemu10.0"). .ci/run sets it, so that in CI a missing oracle fails
// the tests that ask for it instead of skipping them.
const RequireEnv = "XLDISK_ORACLE_REQUIRE"

// Root returns the directory of the second system's root (see DefaultRoot).
func Root() string {
	if r := os.Getenv("XLDISK_ORACLE_ROOT"); r != "" {
		return r
	}
	return DefaultRoot
}

// system is a Debian installation whose libraries and programs serve as
// oracles: this machine itself (root "") or a root directory entered with
// chroot.
type system struct {
	root string
}

// hostPath is the path on this machine of path p inside the system.
func (s system) hostPath(p string) string { return filepath.Join("/", s.root, p) }

// command runs program name of the system (in its root, if any).
func (s system) command(name string, args ...string) *exec.Cmd {
	if s.root == "" {
		return exec.Command(name, args...)
	}
	return exec.Command("chroot", append([]string{s.root, name}, args...)...)
}

// present reports whether the system has libxlutil's headers.
func (s system) present() bool {
	_, err := os.Stat(s.hostPath("/usr/include/libxlutil.h"))
	return err == nil
}

var libxenlightRE = regexp.MustCompile(`^libxenlight\.so\.(\d+)\.(\d+)$`)

// xen returns the Xen release of the system's libxenlight (from the name of
// libxenlight.so.MAJOR.MINOR), or false when it has none.
func (s system) xen() (release.Version, bool) {
	if !s.present() {
		return release.Version{}, false
	}
	ents, err := os.ReadDir(s.hostPath("/usr/lib/x86_64-linux-gnu"))
	if err != nil {
		return release.Version{}, false
	}
	for _, e := range ents {
		if m := libxenlightRE.FindStringSubmatch(e.Name()); m != nil {
			maj, _ := strconv.Atoi(m[1])
			min, _ := strconv.Atoi(m[2])
			return release.Version{Major: maj, Minor: min}, true
		}
	}
	return release.Version{}, false
}

var (
	discoverOnce sync.Once
	xenSystems   map[release.Version]system
	xenReleases  []release.Version
)

func discover() {
	xenSystems = map[release.Version]system{}
	for _, s := range []system{{}, {root: Root()}} {
		if v, ok := s.xen(); ok {
			if _, dup := xenSystems[v]; !dup {
				xenSystems[v] = s
				xenReleases = append(xenReleases, v)
			}
		}
	}
}

// Releases returns the Xen releases whose libxlutil is available as an
// oracle, oldest first: 4.17 from this machine (Debian 12's libxen-dev) and
// 4.20 from the Debian 13 root at Root(), when it exists.
func Releases() []release.Version {
	discoverOnce.Do(discover)
	return append([]release.Version(nil), xenReleases...)
}

// required reports whether RequireEnv lists item.
func required(item string) bool {
	for _, r := range strings.Split(os.Getenv(RequireEnv), ",") {
		if strings.TrimSpace(r) == item {
			return true
		}
	}
	return false
}

// unavailable skips the test, or fails it when RequireEnv lists item.
func unavailable(t testing.TB, item, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if required(item) {
		t.Fatalf("%s (%s requires %s)", msg, RequireEnv, item)
	}
	t.Skip(msg)
}

// xenSystem returns the system that has release v.
func xenSystem(t testing.TB, v release.Version) system {
	t.Helper()
	discoverOnce.Do(discover)
	s, ok := xenSystems[v]
	if !ok {
		unavailable(t, v.String(), "oracle: no libxlutil %s here (have %s)", v, release.FormatSet(xenReleases))
	}
	return s
}

// buildMu serialises compiles within one test binary.
var buildMu sync.Mutex

// build compiles the C source src with gcc of system s and the given link
// flags, caching the binary by a hash of everything that goes into it. It
// returns the binary's path inside the system. Binaries are kept in
// /var/cache/xldisk-oracle of the system (a few tens of KiB each) and
// reused by later test binaries; a new source or library makes a new one.
func (s system) build(src string, flags []string) (string, error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	h := sha256.New()
	fmt.Fprintf(h, "%q\n%q\n", src, flags)
	for _, lib := range []string{"libxlutil.so", "libxenlight.so", "libxenlight.a"} {
		if st, err := os.Stat(s.hostPath("/usr/lib/x86_64-linux-gnu/" + lib)); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", lib, st.Size(), st.ModTime().UnixNano())
		}
	}
	key := hex.EncodeToString(h.Sum(nil))[:24]
	dir := "/var/cache/xldisk-oracle"
	if s.root == "" {
		dir = filepath.Join(os.TempDir(), "xldisk-oracle")
	}
	bin := filepath.Join(dir, key)
	if _, err := os.Stat(s.hostPath(bin)); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(s.hostPath(dir), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(s.hostPath(dir), "build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	inner := filepath.Join(dir, filepath.Base(tmp))
	if err := os.WriteFile(filepath.Join(tmp, "o.c"), []byte(src), 0o644); err != nil {
		return "", err
	}
	args := append([]string{"-O2", "-o", filepath.Join(inner, "o"), filepath.Join(inner, "o.c")}, flags...)
	if out, err := s.command("gcc", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if err := os.Rename(filepath.Join(tmp, "o"), s.hostPath(bin)); err != nil {
		return "", err
	}
	return bin, nil
}

// libxlFlags links against the static libxenlight (whose internal libxl__
// functions are global symbols there) and the shared libraries it needs.
var libxlFlags = []string{
	"-Wl,-Bstatic", "-lxenlight", "-Wl,-Bdynamic",
	"-lxenctrl", "-lxenguest", "-lxenstore", "-lxentoollog", "-lxenevtchn", "-lxengnttab",
	"-lxencall", "-lxendevicemodel", "-lxenforeignmemory", "-lxenhypfs", "-lxentoolcore",
	"-l:libyajl.so.2", "-l:libuuid.so.1", "-lutil", "-lpthread",
}

// Program is a C program built against one Xen release's libraries, run
// on this machine or inside that release's root.
type Program struct {
	sys  system
	path string
	v    release.Version
}

// BuildLibxlProgramFor compiles a C program (LibxlPrelude and the rest)
// against the static libxenlight of Xen release v, on this machine for
// 4.17 or inside the Debian 13 root for 4.20. The test is skipped (failed,
// under RequireEnv) when v is not available.
func BuildLibxlProgramFor(t testing.TB, v release.Version, src string) *Program {
	t.Helper()
	s := xenSystem(t, v)
	path, err := s.build(src, libxlFlags)
	if err != nil {
		t.Fatalf("building the libxl %s oracle program: %v", v, err)
	}
	return &Program{sys: s, path: path, v: v}
}

// Command returns a command that runs the program with args (through
// chroot for a root's release). Its standard streams are the caller's to
// set, as with exec.Command.
func (p *Program) Command(args ...string) *exec.Cmd { return p.sys.command(p.path, args...) }

// CommandDir is Command with the files under dir (and the machine's /dev
// and /proc) visible to the program at their own paths, as they are to the
// QEMU runner; call cleanup after the command has ended. Use it for a
// program that opens or stats files of the test.
func (p *Program) CommandDir(ctx context.Context, dir string, args ...string) (cmd *exec.Cmd, cleanup func(), err error) {
	return p.sys.mountedCommand(ctx, dir, p.path, args...)
}

// Release is the Xen release the program was built against.
func (p *Program) Release() release.Version { return p.v }

// mountScript mounts, in a fresh mount namespace, what a program in the
// root needs, then executes it there: $1 root, $2 image directory ("" for
// none), the program and its arguments after.
const mountScript = `set -e
r=$1; d=$2; shift 2
mount -t proc proc "$r/proc"
mount --bind /dev "$r/dev"
case "$d" in /tmp/*) mount -t tmpfs -o mode=1777 tmpfs "$r/tmp" ;; esac
if [ -n "$d" ]; then mkdir -p "$r$d"; mount --bind "$d" "$r$d"; fi
exec chroot "$r" "$@"`

// mountedCommand returns the command running program name of the system
// with args, with dir (if not "") visible at the same path, and a cleanup
// that removes mount points it had to create on disk. In a root it runs in
// a private mount namespace (unshare) in which /proc, /dev and dir are
// mounted into the root before chroot: those mounts belong to that process
// alone and vanish with it. Under /tmp the mount point is made on a
// private tmpfs, so nothing is left on disk at all.
func (s system) mountedCommand(ctx context.Context, dir, name string, args ...string) (*exec.Cmd, func(), error) {
	if s.root == "" {
		return exec.CommandContext(ctx, name, args...), func() {}, nil
	}
	cleanup := func() {}
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, nil, err
		}
		dir = abs
		if !strings.HasPrefix(dir, "/tmp/") {
			// The mount point is made on disk: remove what was made.
			var made []string
			for p := dir; p != "/"; p = filepath.Dir(p) {
				if _, err := os.Lstat(s.hostPath(p)); err == nil {
					break
				}
				made = append(made, s.hostPath(p))
			}
			cleanup = func() {
				for _, p := range made {
					_ = os.Remove(p)
				}
			}
		}
	}
	full := append([]string{"--mount", "--propagation", "private", "--", "/bin/sh", "-c", mountScript, "sh", s.root, dir, name}, args...)
	return exec.CommandContext(ctx, "unshare", full...), cleanup, nil
}
