package validate

import (
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
)

// MaxSafeParam is the longest disk-spec parameter libxlutil survives:
// measured with Debian's libxlutil 4.17 and 4.20, a parameter (its
// keyword, value and comma) of 16,384 bytes or more makes the disk
// scanner corrupt its heap and abort (4.20 from 16,384 bytes with
// target=, 4.17 from 16,385), on the command line and in an xl.cfg.
const MaxSafeParam = 16383

// hazards reports what libxl would trip on that no single field shows:
// parameters long enough to crash libxlutil, empty and relative targets,
// a directory as the image.
func hazards(dp *DiskPlan, opts domain.Options) {
	p, d := dp.Parsed, dp.Disk
	for fi, frag := range p.Frags {
		for _, t := range params(frag) {
			if t.n > MaxSafeParam {
				dp.addAt(RuleParserCrash, diag.Span{Frag: fi, Offset: t.off, Len: t.n}, "split the value, or use a shorter path (a symbolic link)",
					"this disk parameter is %d bytes: libxlutil's disk scanner corrupts its heap and aborts on parameters of 16384 bytes or more (measured: Xen 4.17 and 4.20), so xl create crashes", t.n)
			}
		}
	}
	if d.PdevPath == nil || d.IsCdrom != 0 || !dp.Backend.OK() {
		return
	}
	target := *d.PdevPath
	switch {
	case target == "":
		if d.Script == nil && !driverDomain(d) {
			dp.add(RuleEmptyTarget, diskspec.FieldTarget, "give the image or device path, or make the drive a CD-ROM (devtype=cdrom)",
				"the disk has an empty target: libxl cannot open \"\" (on phy it stats \"\" and fails), so xl create fails on every host")
		}
	case !strings.HasPrefix(strings.TrimLeft(target, " \t\n"), "/") && d.Script == nil && !driverDomain(d):
		// (A blank before the path is reported on its own.)
		if d.Backend == diskspec.BackendQdisk && p.Disk.Backend == diskspec.BackendQdisk && qemuProtocols[protocolPrefix(target)] {
			return // QEMU's own storage, asked for explicitly (rbd:pool/image)
		}
		if opts.HVM() && protocolPrefix(target) != "" {
			break // QEMU reads it as a protocol: the emulation rules say so
		}
		var edits []diag.Edit
		msg := "target %q is a relative path: libxl opens it relative to the working directory of xl, whatever that is when the domain is created"
		if phyPrefix(p) {
			msg = "target %q of a phy: disk is a relative path: xm prepended /dev/, xl does not, so libxl stats it relative to the working directory of xl"
			if sp := p.Span(diskspec.FieldTarget); sp.Valid() && sp.Len == len(target) {
				edits = append(edits, diag.Edit{Range: diag.Range{Disk: dp.Index, Span: diag.Span{Frag: sp.Frag, Offset: sp.Offset}}, Text: "/dev/"})
			}
		}
		dp.add(RuleRelativeTarget, diskspec.FieldTarget, "write the absolute path", msg, target)
		if edits != nil {
			last := &dp.Diags[len(dp.Diags)-1]
			last.Suggestion.Edits = edits
			last.Suggestion.Message = "write /dev/" + target
		}
	}
	if !domain.Offline(opts.Host) && target != "" && d.Backend == diskspec.BackendQdisk {
		if f, err := opts.HostOrDefault().Stat(target); err == nil && f.Dir {
			dp.add(RuleTargetDir, diskspec.FieldTarget, "give the image file inside it",
				"target %q is a directory: libxl hands it to qdisk, and QEMU cannot open a directory as a disk image", target)
		}
	}
}

// phyPrefix reports whether the target was written with the deprecated
// phy: prefix.
func phyPrefix(p *diskspec.Parsed) bool {
	sp := p.Span(diskspec.FieldTarget)
	if !sp.Valid() || sp.Frag >= len(p.Frags) {
		return false
	}
	return strings.HasSuffix(p.Frags[sp.Frag][:sp.Offset], "phy:")
}

// param is one parameter of a fragment, as libxlu's scanner cuts it.
type param struct{ off, n int }

// params cuts a fragment into parameters the way the disk scanner does:
// white space before a parameter is skipped, target= takes the rest, any
// other parameter runs up to and including the next comma.
func params(frag string) []param {
	var out []param
	for i := 0; i < len(frag); {
		for i < len(frag) && (frag[i] == ' ' || frag[i] == '\t' || frag[i] == '\n') {
			i++
		}
		if i >= len(frag) {
			break
		}
		if strings.HasPrefix(frag[i:], "target=") {
			out = append(out, param{i, len(frag) - i})
			break
		}
		j := strings.IndexByte(frag[i:], ',')
		if j < 0 {
			out = append(out, param{i, len(frag) - i})
			break
		}
		out = append(out, param{i, j + 1})
		i += j + 1
	}
	return out
}

// swallowed warns about a target= that took later parameters into the
// path (vdev=xvda,target=/x.img,access=ro: the path is "/x.img,access=ro").
func swallowed(dp *DiskPlan) {
	d := dp.Disk
	if d.PdevPath == nil {
		return
	}
	kw, at := diskspec.Swallowed(*d.PdevPath)
	if kw == "" {
		return
	}
	sp := dp.Parsed.Span(diskspec.FieldTarget)
	if sp.Valid() && sp.Len == len(*d.PdevPath) {
		sp = diag.Span{Frag: sp.Frag, Offset: sp.Offset + at, Len: sp.Len - at}
	}
	dp.addAt(RuleTargetSwallowed, sp, "write target= last",
		"target %q holds %q: target= takes the rest of the spec, so what follows it is part of the path, not a parameter", *d.PdevPath, kw)
}
