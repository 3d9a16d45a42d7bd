package qemuargs

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diskspec"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/qemuargs/*.txt")

const goldenDir = "../testdata/golden/qemuargs"

// mk builds a disk from "key=value;key=value" (';' so that values may hold
// commas). Keys: target, vdev, format, backend, access (rw|ro), cdrom,
// colo, host, port, export, active, hidden, script, domname. A disk with
// cdrom becomes read-only (as libxlu makes it), and with no or an empty
// target its format becomes empty.
func mk(desc string) *diskspec.Disk {
	d := &diskspec.Disk{Format: diskspec.FormatRaw, Readwrite: 1}
	for _, part := range strings.Split(desc, ";") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "target":
			d.PdevPath = diskspec.Str(v)
		case "vdev":
			d.Vdev = diskspec.Str(v)
		case "format":
			for f := diskspec.FormatUnknown; f <= diskspec.FormatQed; f++ {
				if f.String() == v {
					d.Format = f
				}
			}
		case "backend":
			for b := diskspec.BackendUnknown; b <= diskspec.BackendStandalone; b++ {
				if b.String() == v {
					d.Backend = b
				}
			}
		case "access":
			d.Readwrite = map[string]int{"rw": 1, "ro": 0}[v]
		case "cdrom":
			d.IsCdrom, d.Removable, d.Readwrite = 1, 1, 0
			if diskspec.Deref(d.PdevPath) == "" {
				d.Format = diskspec.FormatEmpty
			}
		case "colo":
			d.ColoEnable = diskspec.DefboolTrue
		case "host":
			d.ColoHost = diskspec.Str(v)
		case "port":
			d.ColoPort, _ = strconv.Atoi(v)
		case "export":
			d.ColoExport = diskspec.Str(v)
		case "active":
			d.ActiveDisk = diskspec.Str(v)
		case "hidden":
			d.HiddenDisk = diskspec.Str(v)
		case "script":
			d.Script = diskspec.Str(v)
		case "domname":
			d.BackendDomname = diskspec.Str(v)
		case "":
		default:
			panic("mk: unknown key " + k)
		}
	}
	return d
}

type goldenCase struct {
	name  string
	disks []string
	opts  Options
}

const coloSettings = ";colo;host=192.168.0.2;port=9000;export=colo-disk0;active=/srv/xen/active-disk0.qcow2;hidden=/srv/xen/hidden-disk0.qcow2"

// goldenCases is the matrix {ide, scsi, ahci, cdrom, empty cdrom, stub
// domain, read-only} x {none, primary, secondary} x {current, 2015}, then
// hostile targets and limits.
func goldenCases() []goldenCase {
	kinds := []struct {
		name  string
		disks []string
		opts  Options
	}{
		{"ide", []string{"target=/srv/xen/disk0.img;vdev=hda;backend=qdisk;access=rw"}, Options{}},
		{"scsi", []string{"target=/srv/xen/disk0.img;vdev=sda;backend=qdisk;access=rw"}, Options{}},
		{"ahci", []string{"target=/srv/xen/disk0.img;vdev=xvda;backend=qdisk;access=rw"}, Options{HDType: HDTypeAHCI}},
		{"cdrom", []string{"target=/srv/xen/cd0.iso;vdev=hdc;backend=qdisk;cdrom"}, Options{}},
		{"emptycdrom", []string{"target=;vdev=hdc;backend=qdisk;cdrom"}, Options{}},
		{"stubdom", []string{"target=/dev/vg/disk0;vdev=xvda;backend=phy;access=rw"}, Options{Stubdom: true}},
		// read-only: an IDE disk (libxl refuses it) and a SCSI disk (fine).
		{"readonly", []string{"target=/srv/xen/disk0.img;vdev=hda;backend=qdisk;access=ro", "target=/srv/xen/disk1.img;vdev=sdb;backend=qdisk;access=ro"}, Options{}},
	}
	var out []goldenCase
	for _, dialect := range []Dialect{DialectCurrent, Dialect2015} {
		for _, kind := range kinds {
			for _, mode := range []colo.Mode{colo.ModeNone, colo.ModePrimary, colo.ModeSecondary} {
				c := goldenCase{name: fmt.Sprintf("%s-%s-%s", dialect, kind.name, mode), opts: kind.opts}
				c.opts.Dialect = dialect
				for i, d := range kind.disks {
					if mode != colo.ModeNone {
						d += strings.ReplaceAll(coloSettings, "disk0", "disk"+strconv.Itoa(i))
						c.opts.ColoSide = mode
					}
					c.disks = append(c.disks, d)
				}
				out = append(out, c)
			}
		}
	}
	hostile := []string{
		"target=/srv/xen/a,file=/etc/passwd;vdev=hda;backend=qdisk;access=rw",
		"target=/srv/xen/b,readonly=on;vdev=hdb;backend=qdisk;access=rw",
		"target=/srv/xen/c d:e=f,,g.img;vdev=sda;backend=qdisk;access=rw",
		"target=/srv/xen/cd,format=qcow2.iso;vdev=hdd;backend=qdisk;cdrom",
	}
	for _, dialect := range []Dialect{DialectCurrent, Dialect2015} {
		out = append(out,
			goldenCase{name: dialect.String() + "-hostile", disks: hostile, opts: Options{Dialect: dialect}},
			goldenCase{name: dialect.String() + "-hostile-colo-secondary", opts: Options{Dialect: dialect, ColoSide: colo.ModeSecondary}, disks: []string{
				"target=/srv/xen/base,x=y.img;vdev=sda;backend=qdisk;access=rw;colo;host=192.168.0.2;port=9000;export=colo-disk0;active=/srv/xen/act,file.driver=nbd.qcow2;hidden=/srv/xen/hid,backing=x.qcow2"}},
			goldenCase{name: dialect.String() + "-limits", opts: Options{Dialect: dialect}, disks: []string{
				"target=/srv/xen/d0.img;vdev=xvda;backend=qdisk;access=rw",
				"target=/srv/xen/d1.img;vdev=hda;backend=qdisk;access=rw",
				"target=/srv/xen/d4.img;vdev=xvde;backend=qdisk;access=rw",
				"target=/srv/xen/cd4.iso;vdev=xvde;backend=qdisk;cdrom",
				"target=/srv/xen/cd5.iso;vdev=xvdf;backend=qdisk;cdrom",
				"target=/srv/xen/s7.img;vdev=sdh;backend=qdisk;access=rw",
				"target=/srv/xen/s8.img;vdev=sdi;backend=qdisk;access=rw",
				"target=/srv/xen/n.img;vdev=51712;backend=qdisk;access=rw",
				"target=;vdev=xvdb;backend=qdisk;format=empty;access=rw",
				"target=/dev/vg/x;vdev=xvdc;backend=phy;access=rw;domname=storage",
				"target=iqn.2001-05.com.example:disk;vdev=xvdd;backend=phy;access=rw;script=block-iscsi",
				"target=/srv/xen/t.vhd;vdev=sdc;backend=tap;format=vhd;access=rw",
				"target=rbd:pool/image;vdev=sdd;backend=qdisk;access=rw",
				"target=json:{\"driver\":\"raw\"};vdev=sde;backend=qdisk;access=rw",
				"target=/srv/xen/u.img;vdev=sdf;access=rw",
			}},
			goldenCase{name: dialect.String() + "-colo-bad", opts: Options{Dialect: dialect, ColoSide: colo.ModeSecondary}, disks: []string{
				"target=/srv/xen/a.img;vdev=hda;backend=qdisk;access=rw;colo;host=192.168.0.2;port=9000;export=1st disk;active=/srv/xen/a1.qcow2;hidden=/srv/xen/h1.qcow2",
				"target=/srv/xen/b.img;vdev=hdb;backend=qdisk;access=rw;colo;host=192.168.0.2;port=9000;export=disk-b",
				"target=/srv/xen/c.img;vdev=sda;backend=qdisk;access=rw;colo;host=192.168.0.2;port=9000;export=disk-c;active=/srv/xen/a3.qcow2;hidden=/srv/xen/h3.qcow2",
				"target=/srv/xen/d.img;vdev=sdb;backend=qdisk;access=rw;colo;host=192.168.0.2;port=9000;export=disk-d;active=/srv/xen/a4.qcow2;hidden=/srv/xen/h4.qcow2",
				"target=/srv/xen/e.img;vdev=sdc;backend=qdisk;access=rw;colo;export=disk-e;active=/srv/xen/a5.qcow2;hidden=/srv/xen/h5.qcow2",
			}},
		)
	}
	out = append(out, goldenCase{name: "current-ahci-colo-primary-mixed", opts: Options{HDType: HDTypeAHCI, ColoSide: colo.ModePrimary}, disks: []string{
		"target=/srv/xen/a.img;vdev=xvda;backend=qdisk;access=rw" + coloSettings,
		"target=/srv/xen/b.qcow2;vdev=sda;backend=qdisk;format=qcow2;access=rw",
		"target=/srv/xen/c.vhd;vdev=xvdg;backend=qdisk;format=vhd;access=rw",
		"target=/srv/xen/cd.iso;vdev=hdc;backend=qdisk;cdrom",
	}})
	return out
}

func (c goldenCase) build() []*diskspec.Disk {
	ds := make([]*diskspec.Disk, len(c.disks))
	for i, s := range c.disks {
		ds[i] = mk(s)
	}
	return ds
}

// goldenText renders a case as its golden file.
func goldenText(c goldenCase, res *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# qemuargs golden case %s\n", c.name)
	fmt.Fprintf(&b, "# options: dialect=%s hdtype=%s stubdom=%t colo-side=%s\n", c.opts.Dialect, c.opts.HDType, c.opts.Stubdom, c.opts.ColoSide)
	for i, d := range c.disks {
		fmt.Fprintf(&b, "# disk %d: %s\n", i, d)
	}
	b.WriteString("## args\n")
	b.WriteString(FormatLines(res.Args))
	b.WriteString("## diagnostics\n")
	for _, d := range res.Warnings {
		fmt.Fprintf(&b, "disk %d: %s\n", d.Disk, d.Error())
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	cases := goldenCases()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("duplicate golden case %s", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			res := Render(c.build(), c.opts)
			got := goldenText(c, res)
			path := filepath.Join(goldenDir, c.name+".txt")
			if *update {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./qemuargs -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s differs (-golden +got):\n%s", path, diff)
			}
		})
	}
	// No stale golden files.
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.txt"))
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".txt"); !seen[name] && !*update {
			t.Errorf("golden file %s has no case", f)
		}
	}
}
