package fuzz

import (
	"regexp"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/validate"
)

// In a FuzzPipeline input, diskSep separates the disks of the domain and
// fragSep the fragments of one disk (the arguments of xl block-attach).
const (
	diskSep = "\x1e"
	fragSep = "\x1f"
)

// splitDomain decodes a FuzzPipeline input into disks of fragments.
func splitDomain(s string) [][]string {
	var out [][]string
	for _, d := range strings.Split(s, diskSep) {
		out = append(out, strings.Split(d, fragSep))
	}
	return out
}

// joinDomain is the inverse of splitDomain.
func joinDomain(disks [][]string) string {
	parts := make([]string, len(disks))
	for i, d := range disks {
		parts[i] = strings.Join(d, fragSep)
	}
	return strings.Join(parts, diskSep)
}

// pipelineOpts are the domain-wide settings a flags byte selects.
type pipelineOpts struct {
	ahci, stubdom bool
}

func optsOf(flags byte) pipelineOpts {
	return pipelineOpts{ahci: flags&1 != 0, stubdom: flags&2 != 0}
}

// FuzzPipeline runs a domain's disk specs (several disks, each of one or more
// fragments) through the whole pipeline: diskspec.ParseWith, then
// validate.Domain of a PV domain, and for each dialect (current, 2015),
// Xen release (4.17, newest) and COLO side (none, primary, secondary)
// validate.Domain of an HVM domain and qemuargs.Render of its plan.
// Properties:
//
//  1. nothing panics or hangs;
//  2. every parse error and every finding that has a span names an
//     existing disk and fragment, and lies inside it;
//  3. every rendered -drive and -device value splits (qemuargs.SplitOpts)
//     into options whose keys are all known QEMU keys of the dialect, none
//     twice, and whose image-path values are exactly the disk's target (or the
//     stub domain's /dev/xvdX), active disk or hidden disk, each at its key:
//     no spec text can add or change a QEMU option;
//  4. each rendered -drive splits into exactly the options Render reports
//     for it (Drive.Opts), and every -device drive= names a rendered drive;
//  5. only disks without an error finding are emulated;
//  6. one finding per defect: no rule is reported twice at the same place
//     (disk and span), in the plan or in a disk's findings.
func FuzzPipeline(f *testing.F) {
	f.Add("/dev/vg/a,raw,hda,rw"+diskSep+"/srv/b.qcow2,qcow2,sda,w", byte(0))
	f.Add("format=raw, vdev=xvda, access=rw, target=/a,file=/etc/x", byte(1))
	f.Add("vdev=hdb"+fragSep+"backendtype=qdisk,colo,colo-host=h,colo-port=9000,colo-export=e1,active-disk=/a,hidden-disk=/h,target=/t", byte(2))
	f.Fuzz(func(t *testing.T, domain string, flags byte) {
		checkPipeline(t, splitDomain(domain), optsOf(flags))
	})
}

// checkPipeline checks FuzzPipeline's properties for one domain.
func checkPipeline(t testing.TB, disks [][]string, po pipelineOpts) {
	for _, xen := range []release.Version{release.Xen417, release.Default} {
		var parsed []*diskspec.Parsed
		for i, frags := range disks {
			p, err := diskspec.ParseWith(domain.Options{Xen: xen}, frags...)
			if p == nil {
				t.Fatalf("disk %d: ParseWith returned a nil Parsed (err %v)", i, err)
			}
			if err != nil {
				el := diskspec.AsList(err)
				if len(el) == 0 {
					t.Fatalf("disk %d: error is not a diag.List: %v", i, err)
				}
				for _, e := range el {
					checkSpan(t, "parse error "+e.Error(), e.Span(), frags, len(frags) == 0)
				}
				continue
			}
			parsed = append(parsed, p)
		}
		if len(parsed) == 0 {
			return
		}
		for _, dl := range []domain.Dialect{domain.DialectCurrent, domain.Dialect2015} {
			// A PV domain: libxl's rules without QEMU's (nothing is rendered).
			pl := validate.Domain(parsed, domain.Options{Dialect: dl, Xen: xen, Hotplug: po.stubdom})
			if len(pl.Disks) != len(parsed) {
				t.Fatalf("validate.Domain returned %d disks for %d", len(pl.Disks), len(parsed))
			}
			checkDiags(t, "validate PV", pl.Diags, parsed)
			if len(pl.Emulated()) != 0 || len(qemuargs.Render(pl).Args) != 0 {
				t.Fatalf("a PV domain has emulated disks")
			}
			for _, side := range []domain.ColoMode{domain.ColoNone, domain.ColoPrimary, domain.ColoSecondary} {
				opts := domain.Options{Type: domain.HVM, Dialect: dl, Xen: xen, ColoSide: side, Stubdom: po.stubdom}
				if po.ahci {
					opts.HDType = domain.AHCI
				}
				pl := validate.Domain(parsed, opts)
				checkDiags(t, "validate", pl.Diags, parsed)
				for _, dp := range pl.Disks {
					checkDiags(t, "validate disk", dp.Diags, parsed)
					if dp.Emulation != nil && (dp.Diags.HasErrors() || !dp.Backend.OK()) {
						t.Fatalf("disk %d is emulated with errors: %v", dp.Index, dp.Diags)
					}
				}
				res := qemuargs.Render(pl)
				checkRendered(t, res, pl, opts)
			}
		}
	}
}

// checkSpan checks that s lies inside frags. A span may point just past
// the end of its fragment (zero length); with no fragments at all a parse
// error may name fragment 0.
func checkSpan(t testing.TB, what string, s diag.Span, frags []string, noFrags bool) {
	if !s.Valid() {
		return
	}
	if noFrags && s.Frag == 0 && s.Offset == 0 && s.Len == 0 {
		return
	}
	if s.Frag >= len(frags) || s.Offset < 0 || s.Len < 0 || s.End() > len(frags[s.Frag]) {
		lens := make([]int, len(frags))
		for i, f := range frags {
			lens[i] = len(f)
		}
		t.Fatalf("%s: span %v outside the fragments (lengths %v)", what, s, lens)
	}
}

// checkDiags checks the spans of diagnostics about disks of ps, and that
// no defect is reported twice (the same rule at the same place).
func checkDiags(t testing.TB, what string, l diag.List, ps []*diskspec.Parsed) {
	type key struct {
		rule diag.RuleID
		disk int
		span diag.Span
	}
	seen := map[key]bool{}
	for _, d := range l {
		if k := (key{d.Rule, d.Disk(), d.Span()}); seen[k] {
			t.Fatalf("%s: %s reported twice at disk %d %v:\n%v", what, d.Rule, d.Disk(), d.Span(), l)
		} else {
			seen[k] = true
		}
		if !d.Rule.IsRegistered() {
			t.Fatalf("%s: diagnostic %q has no registered rule", what, d.Error())
		}
		if d.Disk() < -1 || d.Disk() >= len(ps) {
			t.Fatalf("%s: diagnostic %q names disk %d of %d", what, d.Error(), d.Disk(), len(ps))
		}
		if d.Disk() == -1 {
			if d.Span().Valid() {
				t.Fatalf("%s: diagnostic %q has span %v but no disk", what, d.Error(), d.Span())
			}
			continue
		}
		checkSpan(t, what+" "+d.Error(), d.Span(), ps[d.Disk()].Frags, false)
	}
}

// The QEMU option keys each dialect renders, and which keys carry an image
// path. This list is written from libxl_dm.c and the 2015 patch (FACTS.md
// section 5), independently of qemuargs.
var (
	driveKeys = map[domain.Dialect]map[string]bool{
		domain.DialectCurrent: set("file", "if", "index", "media", "format", "cache", "readonly", "id", "driver",
			"children.0.file.filename", "children.0.filename", "children.0.driver", "read-pattern", "vote-threshold",
			"mode", "top-id", "file.driver", "file.file.filename", "file.backing.driver", "file.backing.file.filename",
			"file.backing.backing"),
		domain.Dialect2015: set("file", "if", "index", "media", "format", "cache", "readonly", "id", "driver", "bus", "unit",
			"children.0.file.filename", "children.0.driver", "children.1.file.host", "children.1.file.port",
			"children.1.file.export", "children.1.file.driver", "children.1.driver", "children.1.ignore-errors",
			"read-pattern", "backing_reference.drive_id", "backing_reference.hidden-disk.file.filename",
			"backing_reference.hidden-disk.allow-write-backing-file", "export"),
	}
	deviceKeys = set("lsi53c895a", "ahci", "ide-cd", "ide-hd", "scsi-hd", "id", "drive", "bus", "unit", "scsi-id")
	formats    = set("raw", "qcow", "qcow2", "vpc", "qed", "host_device")
	drivers    = set("raw", "qcow", "qcow2", "vpc", "qed", "host_device", "quorum", "replication", "nbd+colo", "qcow2+colo")
	stubPathRE = regexp.MustCompile(`^/dev/xvd[a-z]$`)
)

func set(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// checkRendered checks properties 3 and 4 of FuzzPipeline.
func checkRendered(t testing.TB, res *qemuargs.Result, pl *validate.Plan, opts domain.Options) {
	if len(res.Args)%2 != 0 {
		t.Fatalf("odd argument count: %q", res.Args)
	}
	// The k-th -drive argument belongs to the drive whose Opts hold it.
	type owner struct{ drive, sub int }
	var owners []owner
	for i, dr := range res.Drives {
		if dr.Disk < 0 || dr.Disk >= len(pl.Disks) || pl.Disks[dr.Disk].Emulation == nil {
			t.Fatalf("drive %d names disk %d of %d, or one not emulated", i, dr.Disk, len(pl.Disks))
		}
		for j := range dr.Opts {
			owners = append(owners, owner{i, j})
		}
	}
	ids := map[string]bool{}
	var devDrives []string
	ndrive := 0
	for i := 0; i < len(res.Args); i += 2 {
		opt, val := res.Args[i], res.Args[i+1]
		kvs, err := qemuargs.SplitOpts(val)
		if err != nil {
			t.Fatalf("%s %q does not split: %v", opt, val, err)
		}
		seen := map[string]bool{}
		for _, kv := range kvs {
			if seen[kv.Key] {
				t.Fatalf("%s %q: key %q twice", opt, val, kv.Key)
			}
			seen[kv.Key] = true
		}
		switch opt {
		case "-device":
			if opts.Dialect == domain.Dialect2015 {
				t.Fatalf("the 2015 dialect renders no -device: %q", val)
			}
			for j, kv := range kvs {
				if !deviceKeys[kv.Key] || (j == 0) != kv.Bare {
					t.Fatalf("-device %q: unexpected option %q", val, kv.Key)
				}
				if kv.Key == "drive" {
					devDrives = append(devDrives, kv.Value)
				}
			}
		case "-drive":
			if ndrive >= len(owners) {
				t.Fatalf("more -drive arguments than Drive options: %q", res.Args)
			}
			o := owners[ndrive]
			ndrive++
			dr := res.Drives[o.drive]
			if !equalKVs(kvs, dr.Opts[o.sub]) {
				t.Fatalf("-drive %q splits into %v, Render meant %v", val, kvs, dr.Opts[o.sub])
			}
			checkDrive(t, val, kvs, pl.Disks[dr.Disk].Disk, opts)
			for _, kv := range kvs {
				if kv.Key == "id" {
					ids[kv.Value] = true
				}
			}
		default:
			t.Fatalf("unexpected option %q in %q", opt, res.Args)
		}
	}
	if ndrive != len(owners) {
		t.Fatalf("%d -drive arguments for %d Drive options", ndrive, len(owners))
	}
	for _, id := range devDrives {
		if !ids[id] {
			t.Fatalf("-device drive=%q names no rendered drive id (%v): %q", id, ids, res.Args)
		}
	}
}

func equalKVs(a, b []qemuargs.KV) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkDrive checks the keys and path values of one -drive value of disk d.
func checkDrive(t testing.TB, val string, kvs []qemuargs.KV, d *diskspec.Disk, opts domain.Options) {
	target := d.Target()
	okTarget := func(v string) bool {
		if opts.Stubdom {
			return stubPathRE.MatchString(v)
		}
		return v == target
	}
	for _, kv := range kvs {
		if !driveKeys[opts.Dialect][kv.Key] || kv.Bare {
			t.Fatalf("-drive %q: unexpected option %q (disk %s)", val, kv.Key, d)
		}
		bad := false
		switch kv.Key {
		case "children.0.file.filename", "children.0.filename":
			bad = !okTarget(kv.Value)
		case "file":
			// The 2015 secondary opens the active disk as its top file.
			bad = !okTarget(kv.Value) && !(opts.Dialect == domain.Dialect2015 && kv.Value == diskspec.Deref(d.ActiveDisk))
		case "file.file.filename":
			bad = kv.Value != diskspec.Deref(d.ActiveDisk)
		case "file.backing.file.filename", "backing_reference.hidden-disk.file.filename":
			bad = kv.Value != diskspec.Deref(d.HiddenDisk)
		case "format", "children.0.driver":
			bad = !formats[kv.Value]
		case "driver":
			bad = !drivers[kv.Value]
		case "export", "children.1.file.export", "file.backing.backing", "backing_reference.drive_id":
			bad = kv.Value != diskspec.Deref(d.ColoExport) && !strings.HasPrefix(kv.Value, "nbd")
		}
		if bad {
			t.Fatalf("-drive %q: %s=%q is not what disk %q means there (target %q)", val, kv.Key, kv.Value, d.String(), target)
		}
	}
}
