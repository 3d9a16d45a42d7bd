package qemuargs

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
)

// TestRenderParsedSpans: diagnostics of parsed disks point at the text of
// the setting they are about, and carry the disk's index.
func TestRenderParsedSpans(t *testing.T) {
	tests := []struct {
		spec string
		opts Options
		rule string
		text string // the spec text the span covers
	}{
		{"/srv/a.img,raw,hda,ro", Options{}, RuleReadOnlyIDE, "ro"},
		{"/srv/a.img,raw,xvde,w", Options{}, RuleIDEIndex, "xvde"},
		{"/srv/a.img,raw,xvdg,w", Options{HDType: HDTypeAHCI}, RuleAHCIIndex, "xvdg"},
		{"/srv/a.img,raw,sdi,w", Options{}, RuleSCSIID, "sdi"},
		{"/srv/cd.iso,raw,xvde:cdrom", Options{}, RuleCdromBus, "xvde"},
		{"/srv/a.img,raw,hda,w,colo,colo-host=h,colo-port=9000,colo-export=1st,active-disk=/a,hidden-disk=/h", Options{ColoSide: colo.ModePrimary}, RuleBadExportID, "1st"},
		{"/srv/a.img,raw,hda,w,colo,colo-export=e1", Options{ColoSide: colo.ModeSecondary}, RuleColoIncomplete, "colo"},
		{"vdev=hda,access=rw,target=json:{}", Options{}, RuleJSONTarget, "json:{}"},
		{"vdev=hda,access=rw,target= /dev/vg/a", Options{}, RuleBadValue, " /dev/vg/a"},
		{"vdev=hda,access=rw,target=\t/dev/vg/a", Options{}, RuleBadValue, "\t/dev/vg/a"},
		{"/srv/a.img,raw,hda,w,colo,colo-host=h,colo-port=9000,colo-export=e1,active-disk= /a,hidden-disk=/h", Options{ColoSide: colo.ModeSecondary}, RuleBadValue, " /a"},
		{"/srv/a.img,raw,hda,w,script=block-x", Options{}, RuleScriptPath, "block-x"},
	}
	for _, tc := range tests {
		p, err := diskspec.ParseDetailed(tc.spec)
		if err != nil {
			t.Errorf("%s: %v", tc.spec, err)
			continue
		}
		d := *p.Disk
		d.Backend = diskspec.BackendQdisk
		if d.Script != nil {
			d.Backend = diskspec.BackendPhy
		}
		p.Disk = &d
		other := &diskspec.Parsed{Disk: mk("target=/srv/xen/b.img;vdev=hdb;backend=qdisk;access=rw")}
		res := RenderParsed([]*diskspec.Parsed{other, p}, tc.opts)
		var found *diag.Diagnostic
		for i := range res.Warnings {
			if res.Warnings[i].Rule == tc.rule {
				found = &res.Warnings[i]
			}
		}
		if found == nil {
			t.Errorf("%s: no %s in %v", tc.spec, tc.rule, res.Warnings)
			continue
		}
		if found.Disk != 1 {
			t.Errorf("%s: %s on disk %d, want 1", tc.spec, tc.rule, found.Disk)
		}
		s := found.Span
		var got string
		if s.Valid() && s.Frag == 0 && s.End() <= len(tc.spec) {
			got = tc.spec[s.Offset:s.End()]
		}
		if diff := cmp.Diff(tc.text, got); diff != "" {
			t.Errorf("%s: %s span %v (-want +got):\n%s", tc.spec, tc.rule, s, diff)
		}
	}
}
