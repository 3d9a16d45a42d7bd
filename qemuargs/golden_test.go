package qemuargs

import (
	"fmt"
	"github.com/xldisk/xldisk/internal/diagtest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/golden"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/validate"
)

// TestMain runs the tests, then fails if any diagnostic was built with an
// unregistered rule.
func TestMain(m *testing.M) { diagtest.Main(m) }

const goldenDir = "../testdata/golden/qemuargs"

// goldenCase is one domain: its disk specs, written as in xl.cfg, and its
// options (always an HVM guest).
type goldenCase struct {
	name  string
	specs []string
	opts  domain.Options
}

// plan parses the case's specs and makes the plan, as a toolstack does.
func (c goldenCase) plan(t testing.TB) (*validate.Plan, []*diskspec.Parsed) {
	t.Helper()
	ps := make([]*diskspec.Parsed, len(c.specs))
	for i, s := range c.specs {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			t.Fatalf("disk %d %q: %v", i, s, err)
		}
		ps[i] = p
	}
	opts := c.opts
	opts.Type = domain.HVM
	return validate.Domain(ps, opts), ps
}

// coloSpec is the COLO part of a spec for disk N in a dialect.
func coloSpec(dialect domain.Dialect, n int) string {
	export := fmt.Sprintf("colo-disk%d", n)
	overlays := fmt.Sprintf(",active-disk=/srv/xen/active-disk%d.qcow2,hidden-disk=/srv/xen/hidden-disk%d.qcow2", n, n)
	if dialect == domain.Dialect2015 {
		return ",colo,colo-params=192.168.0.2:9000:exportname=" + export + overlays
	}
	return ",colo,colo-host=192.168.0.2,colo-port=9000,colo-export=" + export + overlays
}

// goldenCases is the matrix {ide, scsi, ahci, cdrom, empty cdrom, stub
// domain, read-only} x {none, primary, secondary} x {current, 2015}, then
// hostile targets and limits. Each spec is "SETTINGS,target=TARGET"; the
// COLO settings are added before target=, which takes the rest of the
// spec.
func goldenCases() []goldenCase {
	type disk struct{ settings, target string }
	kinds := []struct {
		name  string
		disks []disk
		opts  domain.Options
	}{
		{"ide", []disk{{"format=raw,vdev=hda,backendtype=qdisk,access=rw", "/srv/xen/disk0.img"}}, domain.Options{}},
		{"scsi", []disk{{"format=raw,vdev=sda,backendtype=qdisk,access=rw", "/srv/xen/disk0.img"}}, domain.Options{}},
		{"ahci", []disk{{"format=raw,vdev=xvda,backendtype=qdisk,access=rw", "/srv/xen/disk0.img"}}, domain.Options{HDType: domain.AHCI}},
		{"cdrom", []disk{{"format=raw,vdev=hdc,backendtype=qdisk,devtype=cdrom", "/srv/xen/cd0.iso"}}, domain.Options{}},
		{"emptycdrom", []disk{{"vdev=hdc,backendtype=qdisk,devtype=cdrom", ""}}, domain.Options{}},
		// stub domain: no backendtype=, so libxl picks phy, or qdisk for COLO.
		{"stubdom", []disk{{"format=raw,vdev=xvda,access=rw", "/dev/vg/disk0"}}, domain.Options{Stubdom: true}},
		// read-only: an IDE disk (libxl refuses it) and a SCSI disk (fine).
		{"readonly", []disk{{"format=raw,vdev=hda,backendtype=qdisk,access=ro", "/srv/xen/disk0.img"},
			{"format=raw,vdev=sdb,backendtype=qdisk,access=ro", "/srv/xen/disk1.img"}}, domain.Options{}},
	}
	var out []goldenCase
	for _, dialect := range []domain.Dialect{domain.DialectCurrent, domain.Dialect2015} {
		for _, kind := range kinds {
			for _, mode := range []domain.ColoMode{domain.ColoNone, domain.ColoPrimary, domain.ColoSecondary} {
				c := goldenCase{name: fmt.Sprintf("%s-%s-%s", dialect, kind.name, mode), opts: kind.opts}
				c.opts.Dialect = dialect
				for i, d := range kind.disks {
					s := d.settings
					if mode != domain.ColoNone {
						s += coloSpec(dialect, i)
						c.opts.ColoSide = mode
					}
					c.specs = append(c.specs, s+",target="+d.target)
				}
				out = append(out, c)
			}
		}
	}
	hostile := []string{
		"format=raw,vdev=hda,backendtype=qdisk,access=rw,target=/srv/xen/a,file=/etc/passwd",
		"format=raw,vdev=hdb,backendtype=qdisk,access=rw,target=/srv/xen/b,readonly=on",
		"format=raw,vdev=sda,backendtype=qdisk,access=rw,target=/srv/xen/c d:e=f,,g.img",
		"format=raw,vdev=hdd,backendtype=qdisk,devtype=cdrom,target=/srv/xen/cd,format=qcow2.iso",
	}
	for _, dialect := range []domain.Dialect{domain.DialectCurrent, domain.Dialect2015} {
		// An overlay path cannot hold a comma in a disk spec (only
		// target= takes the rest of the spec); '=', ':' and blanks can.
		hostileColo := "format=raw,vdev=sda,backendtype=qdisk,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=colo-disk0," +
			"active-disk=/srv/xen/act file.driver=nbd:x.qcow2,hidden-disk=/srv/xen/hid backing=x.qcow2,target=/srv/xen/base,x=y.img"
		coloBad := []string{
			"format=raw,vdev=hda,backendtype=qdisk,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=1st disk,active-disk=/srv/xen/a1.qcow2,hidden-disk=/srv/xen/h1.qcow2,target=/srv/xen/a.img",
			"format=raw,vdev=hdb,backendtype=qdisk,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk-b,target=/srv/xen/b.img",
			"format=raw,vdev=sda,backendtype=qdisk,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk-c,active-disk=/srv/xen/a3.qcow2,hidden-disk=/srv/xen/h3.qcow2,target=/srv/xen/c.img",
			"format=raw,vdev=sdb,backendtype=qdisk,access=rw,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=disk-d,active-disk=/srv/xen/a4.qcow2,hidden-disk=/srv/xen/h4.qcow2,target=/srv/xen/d.img",
			"format=raw,vdev=sdc,backendtype=qdisk,access=rw,colo,colo-export=disk-e,active-disk=/srv/xen/a5.qcow2,hidden-disk=/srv/xen/h5.qcow2,target=/srv/xen/e.img",
		}
		if dialect == domain.Dialect2015 {
			hostileColo = strings.Replace(hostileColo, "colo-host=192.168.0.2,colo-port=9000,colo-export=colo-disk0", "colo-params=192.168.0.2:9000:exportname=colo-disk0", 1)
			for i, s := range coloBad {
				coloBad[i] = strings.Replace(s, "colo-host=192.168.0.2,colo-port=9000,colo-export=", "colo-params=192.168.0.2:9000:exportname=", 1)
			}
		}
		out = append(out,
			goldenCase{name: dialect.String() + "-hostile", specs: hostile, opts: domain.Options{Dialect: dialect}},
			goldenCase{name: dialect.String() + "-hostile-colo-secondary", opts: domain.Options{Dialect: dialect, ColoSide: domain.ColoSecondary},
				specs: []string{hostileColo}},
			goldenCase{name: dialect.String() + "-limits", opts: domain.Options{Dialect: dialect}, specs: []string{
				"format=raw,vdev=xvda,backendtype=qdisk,access=rw,target=/srv/xen/d0.img",
				"format=raw,vdev=hda,backendtype=qdisk,access=rw,target=/srv/xen/d1.img",
				"format=raw,vdev=xvde,backendtype=qdisk,access=rw,target=/srv/xen/d4.img",
				"format=raw,vdev=xvde,backendtype=qdisk,devtype=cdrom,target=/srv/xen/cd4.iso",
				"format=raw,vdev=xvdf,backendtype=qdisk,devtype=cdrom,target=/srv/xen/cd5.iso",
				"format=raw,vdev=sdh,backendtype=qdisk,access=rw,target=/srv/xen/s7.img",
				"format=raw,vdev=sdi,backendtype=qdisk,access=rw,target=/srv/xen/s8.img",
				"format=raw,vdev=51712,backendtype=qdisk,access=rw,target=/srv/xen/n.img",
				"format=empty,vdev=xvdb,backendtype=qdisk,access=rw,target=",
				"format=raw,vdev=xvdc,backendtype=phy,access=rw,backend=storage,target=/dev/vg/x",
				"format=raw,vdev=xvdd,backendtype=phy,access=rw,script=block-iscsi,target=iqn.2001-05.com.example:disk",
				"format=vhd,vdev=sdc,backendtype=tap,access=rw,target=/srv/xen/t.vhd",
				"format=raw,vdev=sdd,backendtype=qdisk,access=rw,target=rbd:pool/image",
				"format=raw,vdev=sde,backendtype=qdisk,access=rw,target=json:{\"driver\":\"raw\"}",
				"format=raw,vdev=sdf,access=rw,target=/srv/xen/u.img",
			}},
			goldenCase{name: dialect.String() + "-colo-bad", opts: domain.Options{Dialect: dialect, ColoSide: domain.ColoSecondary}, specs: coloBad},
		)
	}
	// The disks whose fate depends on the Xen release: a cdrom on phy,
	// an empty cdrom on phy, a tap disk (4.17 and 4.18 refuse all three).
	for _, xen := range []release.Version{release.Xen417, release.Xen419} {
		out = append(out, goldenCase{name: "current-xen" + strings.ReplaceAll(xen.String(), ".", ""), opts: domain.Options{Xen: xen}, specs: []string{
			"format=raw,vdev=hdc,devtype=cdrom,backendtype=phy,target=/srv/xen/cd.iso",
			"vdev=hdd,devtype=cdrom,backendtype=phy,target=",
			"format=vhd,vdev=sda,backendtype=tap,access=rw,target=/srv/xen/t.vhd",
			"format=vhd,vdev=sdb,access=rw,target=/srv/xen/u.vhd",
		}})
	}
	// The 2015 series emitted a secondary's base drive before it found
	// the colo parameters invalid (here an empty host, given the upstream
	// way: a malformed colo-params= does not parse).
	out = append(out, goldenCase{name: "2015-colo-params-invalid", opts: domain.Options{Dialect: domain.Dialect2015, ColoSide: domain.ColoSecondary}, specs: []string{
		"format=raw,vdev=hda,backendtype=qdisk,access=rw,colo,colo-host=,colo-port=9000,colo-export=disk-e,active-disk=/srv/xen/a5.qcow2,hidden-disk=/srv/xen/h5.qcow2,target=/srv/xen/e.img",
	}})
	out = append(out, goldenCase{name: "current-ahci-colo-primary-mixed", opts: domain.Options{HDType: domain.AHCI, ColoSide: domain.ColoPrimary}, specs: []string{
		"format=raw,vdev=xvda,backendtype=qdisk,access=rw" + coloSpec(domain.DialectCurrent, 0) + ",target=/srv/xen/a.img",
		"format=qcow2,vdev=sda,backendtype=qdisk,access=rw,target=/srv/xen/b.qcow2",
		"format=vhd,vdev=xvdg,backendtype=qdisk,access=rw,target=/srv/xen/c.vhd",
		"format=raw,vdev=hdc,backendtype=qdisk,devtype=cdrom,target=/srv/xen/cd.iso",
	}})
	return out
}

// goldenText renders a case as its golden file: the inputs, the
// arguments, and the plan's findings with the spec text each points at.
func goldenText(c goldenCase, pl *validate.Plan, ps []*diskspec.Parsed, res *Result) string {
	var b strings.Builder
	o := pl.Options
	fmt.Fprintf(&b, "# qemuargs golden case %s\n", c.name)
	xen := o.Release().String()
	if o.Dialect == domain.Dialect2015 {
		xen = "-" // the 2015 series is its own libxl
	}
	fmt.Fprintf(&b, "# options: type=%s dialect=%s xen=%s hdtype=%s stubdom=%t colo-side=%s\n", o.Type, o.Dialect, xen, o.HDType, o.Stubdom, o.ColoSide)
	for i, s := range c.specs {
		fmt.Fprintf(&b, "# disk %d: %s\n", i, s)
	}
	b.WriteString("## args\n")
	b.WriteString(FormatLines(res.Args))
	b.WriteString("## diagnostics\n")
	for _, d := range pl.Diags {
		where := "domain"
		if i := d.Disk(); i >= 0 {
			where = fmt.Sprintf("disk %d", i)
			if s := d.Span(); s.Valid() && i < len(ps) && s.Frag < len(ps[i].Frags) && s.End() <= len(ps[i].Frags[s.Frag]) {
				where += fmt.Sprintf(" at %q", ps[i].Frags[s.Frag][s.Offset:s.End()])
			}
		}
		fmt.Fprintf(&b, "%s: %s\n", where, d.Error())
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range goldenCases() {
		if seen[c.name] {
			t.Fatalf("duplicate golden case %s", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			pl, ps := c.plan(t)
			res := Render(pl)
			checkSplitProperty(t, res)
			golden.Check(t, filepath.Join(goldenDir, c.name+".txt"), goldenText(c, pl, ps, res))
		})
	}
	for _, f := range golden.Stale(filepath.Join(goldenDir, "*.txt"), seen) {
		t.Errorf("golden file %s has no case", f)
	}
}
