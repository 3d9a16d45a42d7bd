package diskspec_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
)

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/dev/vg/guest-volume,,hda", "format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume"},
		{"raw:/root/image.iso,hdc:cdrom,ro", "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/image.iso"},
		{",,hdc:cdrom,r", "format=empty, vdev=hdc, access=ro, devtype=cdrom, target="},
		{"vdev=hdc,access=r,devtype=cdrom", "format=empty, vdev=hdc, access=ro, devtype=cdrom"},
		{"iscsi:iqn.2001-05.com.example:disk,xvda,w", "format=raw, vdev=xvda, access=rw, script=block-iscsi, target=iqn.2001-05.com.example:disk"},
		{"vdev=xvda, target=/a,b,,", "format=raw, vdev=xvda, access=rw, target=/a,b,,"},
		{"vdev=xvda,colo,colo-params=h:9000:exportname=e1,active-disk=/a,hidden-disk=/h,target=/x",
			"format=raw, vdev=xvda, access=rw, colo, colo-host=h, colo-port=9000, colo-export=e1, active-disk=/a, hidden-disk=/h, target=/x"},
		{"vdev=xvda,backendtype=phy,specification=xen,backend=dd,no-discard,direct-io-safe,untrusted,grant_usage=0,script=,target=/x",
			"format=raw, vdev=xvda, access=rw, backend=dd, backendtype=phy, specification=xen, script=, direct-io-safe, no-discard, untrusted, grant_usage=0, target=/x"},
	}
	for _, tt := range tests {
		d, err := diskspec.Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		got, err := d.Canonical()
		if err != nil {
			t.Fatalf("Canonical(%q): %v", tt.in, err)
		}
		if got != tt.want {
			t.Errorf("Canonical(Parse(%q))\n got %q\nwant %q", tt.in, got, tt.want)
		}
		back, err := diskspec.Parse(got)
		if err != nil {
			t.Fatalf("Parse(%q): %v", got, err)
		}
		if diff := cmp.Diff(d, back); diff != "" {
			t.Errorf("round trip of %q (-first +second):\n%s", tt.in, diff)
		}
	}
}

func TestCanonicalRefuses(t *testing.T) {
	tests := []struct {
		name string
		d    diskspec.Disk
	}{
		{"comma in vdev", diskspec.Disk{Vdev: diskspec.Str("xvd,a"), PdevPath: diskspec.Str("/x"), Format: diskspec.FormatRaw, Readwrite: 1}},
		{"newline in target", diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/x\ny"), Format: diskspec.FormatRaw, Readwrite: 1}},
		{"cdrom read-write", diskspec.Disk{Vdev: diskspec.Str("hdc"), PdevPath: diskspec.Str("/x.iso"), Format: diskspec.FormatRaw, IsCdrom: 1, Removable: 1, Readwrite: 1}},
		{"no vdev", diskspec.Disk{PdevPath: diskspec.Str("/x"), Format: diskspec.FormatRaw, Readwrite: 1}},
		{"backend domid", diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/x"), Format: diskspec.FormatRaw, Readwrite: 1, BackendDomid: 3}},
		{"unknown format", diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/x"), Readwrite: 1}},
	}
	for _, tt := range tests {
		s, err := tt.d.Canonical()
		var d diag.Diagnostic
		if !errors.As(err, &d) || d.Rule != diskspec.RuleUnformattable || d.Range != nil {
			t.Errorf("%s: Canonical() = %q, %v; want a diagnostic of RuleUnformattable", tt.name, s, err)
		}
	}
}
