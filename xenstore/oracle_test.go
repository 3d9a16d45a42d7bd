//go:build oracle

package xenstore

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/release"
)

// readBackC reads disks back with Xen 4.17's own libxl_device_disk_list
// (libxl__device_list and the static libxl__disk_from_xenstore) from a
// fake xenstore: xs_read and xs_directory are defined here, so the static
// libxenlight.a calls them instead of libxenstore's. stdin holds one node
// per line, "PATH<TAB>VALUE"; a directory reads as "". Each disk read is
// printed as one line of fields; libxl's errors go to stderr.
const readBackC = oracle.LibxlPrelude + `
#include <errno.h>
#include <stdint.h>
typedef uint32_t xs_transaction_t;
static char *keys[256], *vals[256];
static int nkeys;
void *xs_read(void *h, xs_transaction_t t, const char *path, unsigned int *len) {
	size_t n = strlen(path);
	for (int i = 0; i < nkeys; i++) {
		if (!strcmp(keys[i], path)) {
			if (len) *len = strlen(vals[i]);
			return strdup(vals[i]);
		}
	}
	for (int i = 0; i < nkeys; i++) {
		if (!strncmp(keys[i], path, n) && keys[i][n] == '/') {
			if (len) *len = 0;
			return strdup("");
		}
	}
	errno = ENOENT;
	return NULL;
}
char **xs_directory(void *h, xs_transaction_t t, const char *path, unsigned int *num) {
	size_t n = strlen(path), size = 0;
	char *names[256];
	unsigned int k = 0;
	for (int i = 0; i < nkeys; i++) {
		if (strncmp(keys[i], path, n) || keys[i][n] != '/') continue;
		const char *c = keys[i] + n + 1;
		size_t l = strcspn(c, "/");
		int dup = 0;
		for (unsigned int j = 0; j < k; j++)
			if (strlen(names[j]) == l && !strncmp(names[j], c, l)) dup = 1;
		if (dup) continue;
		names[k++] = strndup(c, l);
		size += l + 1;
	}
	if (!k) { errno = ENOENT; *num = 0; return NULL; }
	char **ret = malloc(k * sizeof(char *) + size);
	char *p = (char *)(ret + k);
	for (unsigned int j = 0; j < k; j++) {
		strcpy(p, names[j]); ret[j] = p; p += strlen(p) + 1; free(names[j]);
	}
	*num = k;
	return ret;
}
static const char *s(const char *x) { return x ? x : "<NULL>"; }
static int db(libxl_defbool b) { return libxl_defbool_is_default(b) ? 0 : libxl_defbool_val(b) ? 1 : -1; }
int main(void) {
	libxl_ctx *ctx;
	xentoollog_logger *lg = (xentoollog_logger *)xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);
	char line[8192];
	while (nkeys < 256 && fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = 0;
		char *tab = strchr(line, '\t');
		if (!tab) continue;
		*tab = 0;
		keys[nkeys] = strdup(line); vals[nkeys] = strdup(tab + 1); nkeys++;
	}
	if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, lg)) return 1;
	int num = 0;
	libxl_device_disk *disks = libxl_device_disk_list(ctx, 1, &num);
	for (int i = 0; i < num; i++) {
		libxl_device_disk *d = &disks[i];
		printf("domid=%u pdev=%s vdev=%s backend=%d format=%d removable=%d rw=%d cdrom=%d spec=%d transport=%d base=%llu irq=%u colo=%d host=%s port=%d export=%s active=%s hidden=%s",
			d->backend_domid, s(d->pdev_path), s(d->vdev), d->backend, d->format, d->removable, d->readwrite, d->is_cdrom,
			d->specification, d->transport, (unsigned long long)d->base, d->irq, db(d->colo_enable),
			s(d->colo_host), d->colo_port, s(d->colo_export), s(d->active_disk), s(d->hidden_disk));
#ifdef LIBXL_HAVE_DISK_GRANT_USAGE
		printf(" grant=%d\n", db(d->grant_usage));
#else
		printf(" grant=none\n");
#endif
	}
	return 0;
}
`

// fields renders a disk as readBackC prints it.
func fields(d *diskspec.Disk, opts domain.Options) string {
	grant := "none"
	if opts.Has(release.GrantUsage) {
		grant = fmt.Sprint(int(d.GrantUsage))
	}
	str := func(p *string) string {
		if p == nil {
			return "<NULL>"
		}
		return *p
	}
	return fmt.Sprintf("domid=%d pdev=%s vdev=%s backend=%d format=%d removable=%d rw=%d cdrom=%d spec=%d transport=%d base=%d irq=%d colo=%d host=%s port=%d export=%s active=%s hidden=%s grant=%s",
		d.BackendDomid, str(d.PdevPath), str(d.Vdev), d.Backend, d.Format, d.Removable, d.Readwrite, d.IsCdrom,
		d.Specification, d.Transport, d.Base, d.Irq, d.ColoEnable, str(d.ColoHost), d.ColoPort, str(d.ColoExport), str(d.ActiveDisk), str(d.HiddenDisk), grant)
}

var (
	libxlErr = regexp.MustCompile(`libxl__disk_from_xenstore: (.*)`)
	angled   = regexp.MustCompile(`<[^>]*>`)
)

// oracleCase is one disk's backend nodes in the fake xenstore.
type oracleCase struct {
	name  string
	kind  string // frontend kind: vbd or virtio_disk
	be    string // backend directory
	nodes []Node
}

// TestOracleReadBack417 compares DiskFromBackendDir with Debian 12's Xen
// 4.17 libxl (see oracleReadBack).
func TestOracleReadBack417(t *testing.T) {
	bin := oracle.BuildLibxlProgram(t, readBackC)
	oracleReadBack(t, release.Xen417, func() *exec.Cmd { return exec.Command(bin) })
}

// TestOracleReadBack420 compares DiskFromBackendDir with Debian 13's Xen
// 4.20 libxl, built and run in the Debian 13 root (XLDISK_TRIXIE_ROOT,
// default /var/cache/xldisk/trixie; skipped when it has no static
// libxenlight).
func TestOracleReadBack420(t *testing.T) {
	root := os.Getenv("XLDISK_TRIXIE_ROOT")
	if root == "" {
		root = "/var/cache/xldisk/trixie"
	}
	if _, err := os.Stat(filepath.Join(root, "usr/lib/x86_64-linux-gnu/libxenlight.a")); err != nil {
		t.Skipf("no Debian 13 root with libxenlight.a: %v", err)
	}
	dir, err := os.MkdirTemp(filepath.Join(root, "tmp"), "xldisk-xenstore-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "o.c"), []byte(readBackC), 0o644); err != nil {
		t.Fatal(err)
	}
	in := "/" + strings.TrimPrefix(strings.TrimPrefix(dir, root), "/")
	cmd := exec.Command("chroot", append([]string{root, "gcc", "-O1", "-o", in + "/o", in + "/o.c"}, oracleLibs...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the 4.20 oracle: %v\n%s", err, out)
	}
	oracleReadBack(t, release.Xen420, func() *exec.Cmd { return exec.Command("chroot", root, in+"/o") })
}

// oracleLibs are the link flags of the Debian 13 oracle (those of
// oracle.BuildLibxlProgram).
var oracleLibs = []string{"-Wl,-Bstatic", "-lxenlight", "-Wl,-Bdynamic",
	"-lxenctrl", "-lxenguest", "-lxenstore", "-lxentoollog", "-lxenevtchn", "-lxengnttab",
	"-lxencall", "-lxendevicemodel", "-lxenforeignmemory", "-lxenhypfs", "-lxentoolcore",
	"-l:libyajl.so.2", "-l:libuuid.so.1", "-lutil", "-lpthread"}

// oracleReadBack reads disks back from the nodes of every golden case (as
// release v writes them), from each of those with one node left out, and
// from nodes with odd values, through libxl (the program run) and through
// DiskFromBackendDir: the disks, or libxl's error message, must agree.
func oracleReadBack(t *testing.T, v release.Version, run func() *exec.Cmd) {
	opts := domain.Options{Xen: v}
	var cases []oracleCase
	for _, tc := range goldenCases {
		if tc.opts.Dialect != domain.DialectCurrent {
			continue
		}
		d, err := diskspec.Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		o := tc.opts
		o.Xen = v
		n, err := Nodes(d, tc.backend, o)
		if err != nil {
			continue
		}
		kind := "vbd"
		if tc.backend == diskspec.BackendStandalone {
			kind = "virtio_disk"
		}
		be := angled.ReplaceAllString(n.BackendDir, "3")
		cases = append(cases, oracleCase{tc.name, kind, be, n.Backend})
		for i := range n.Backend {
			rest := append(append([]Node{}, n.Backend[:i]...), n.Backend[i+1:]...)
			cases = append(cases, oracleCase{tc.name + " without " + n.Backend[i].Path, kind, be, rest})
		}
	}
	base := []Node{{"params", "aio:/srv/a.img"}, {"type", "qdisk"}, {"dev", "xvda"}, {"removable", "0"}, {"mode", "w"}, {"device-type", "disk"}}
	with := func(extra ...Node) []Node {
		out := []Node{}
		for _, b := range base {
			keep := true
			for _, e := range extra {
				keep = keep && e.Path != b.Path
			}
			if keep {
				out = append(out, b)
			}
		}
		return append(out, extra...)
	}
	virtio := func(extra ...Node) []Node {
		v := []Node{{"specification", "virtio"}, {"transport", "mmio"}, {"base", "0"}, {"irq", "0"}}
		for _, e := range extra {
			found := false
			for i := range v {
				if v[i].Path == e.Path {
					v[i], found = e, true
				}
			}
			if !found {
				v = append(v, e)
			}
		}
		return with(v...)
	}
	odd := [][]Node{
		with(Node{"removable", " +1x"}), with(Node{"removable", "99999999999"}), with(Node{"removable", "-2"}),
		with(Node{"mode", "W"}), with(Node{"mode", "w "}), with(Node{"device-type", "CDROM"}), with(Node{"device-type", "cdrom"}),
		with(Node{"params", "a:b:c"}), with(Node{"params", ":"}), with(Node{"params", ""}),
		with(Node{"type", "vbd3"}), with(Node{"type", "file"}), with(Node{"type", "tap"}), with(Node{"type", "tap:vhd"}),
		with(Node{"type", "PHY"}), with(Node{"type", "standalone"}), with(Node{"type", ""}),
		with(Node{"specification", "XEN"}), with(Node{"specification", "Unknown"}), with(Node{"specification", "scsi"}), with(Node{"specification", ""}),
		virtio(), virtio(Node{"specification", "VirtIO"}), virtio(Node{"transport", "MMIO"}), virtio(Node{"transport", "unknown"}),
		virtio(Node{"transport", "pci"}), virtio(Node{"base", "0x10"}), virtio(Node{"base", " 077"}), virtio(Node{"base", "99999999999999999999999"}),
		virtio(Node{"irq", "4294967329"}), virtio(Node{"irq", "-1"}), virtio(Node{"grant_usage", "1"}),
		virtio(Node{"grant_usage", "0"}), virtio(Node{"grant_usage", "08"}), virtio(Node{"grant_usage", "0x0"}), virtio(Node{"grant_usage", " -1"}),
		virtio(Node{"grant_usage", "x"}), virtio(Node{"grant_usage", "010"}),
		with(Node{"colo-host", ""}, Node{"colo-port", "x9"}, Node{"colo-export", ""}, Node{"active-disk", ""}, Node{"hidden-disk", ""}),
		with(Node{"colo-host", "h"}, Node{"colo-port", "  -70000"}, Node{"colo-export", "e"}, Node{"active-disk", "/a"}, Node{"hidden-disk", "/h"}),
	}
	for i, nodes := range odd {
		kind := "vbd"
		for _, n := range nodes {
			if n.Path == "specification" && strings.EqualFold(n.Value, "virtio") {
				kind = "virtio_disk"
			}
		}
		for j, be := range []string{"/local/domain/0/backend/qdisk/1/51712", "/local/domain/ 12/backend/qdisk/1/51712", "/local/domain/+4294967301/backend/vbd/1/51712", "/local/domain/storage/backend/vbd/1/51712", "/local/domain/5"} {
			if j > 0 && i%3 != 0 {
				continue
			}
			cases = append(cases, oracleCase{fmt.Sprintf("odd %d dir %d", i, j), kind, be, nodes})
		}
	}

	for _, c := range cases {
		libxlDir := "/libxl/1/device/" + c.kind + "/51712"
		var in bytes.Buffer
		fmt.Fprintf(&in, "%s/backend\t%s\n", libxlDir, c.be)
		for _, n := range c.nodes {
			fmt.Fprintf(&in, "%s/%s\t%s\n", libxlDir, n.Path, n.Value)
		}
		cmd := run()
		cmd.Stdin = &in
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", c.name, err, stderr.String())
		}
		want := strings.TrimSpace(stdout.String())
		if want == "" {
			m := libxlErr.FindStringSubmatch(stderr.String())
			if m == nil {
				t.Errorf("%s: libxl read nothing and said %q", c.name, stderr.String())
				continue
			}
			want = "error: " + strings.ReplaceAll(strings.TrimSpace(m[1]), libxlDir, c.be)
		}
		d, err := DiskFromBackendDir(c.be, c.nodes, opts)
		got := ""
		if err != nil {
			got = err.Error()
			if i := strings.LastIndex(got, " ["); i >= 0 {
				got = got[:i]
			}
			// The messages are libxl's with a lower-case first letter.
			if len(want) > 7 {
				want = "error: " + strings.ToLower(want[7:8]) + want[8:]
			}
		} else {
			got = fields(d, opts)
		}
		if got != want {
			t.Errorf("%s:\n libxl  %s\n xldisk %s", c.name, want, got)
		}
	}
	t.Logf("%d node sets read back by Xen %s's libxl and by DiskFromBackendDir", len(cases), v)
}
