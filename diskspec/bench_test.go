package diskspec_test

import (
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// typicalSpecs are the kinds of spec real configs hold.
var typicalSpecs = []string{
	"/dev/vg/guest-volume,,hda",
	"/dev/vg/guest-volume,raw,xvda,rw",
	"format=raw, vdev=xvdb, access=rw, target=/dev/vg/guest-data",
	"raw:/root/image.iso,hdc:cdrom,ro",
	"format=qcow2,vdev=xvdc,target=/var/lib/xen/images/guest.qcow2",
	"phy:/dev/sdb1,sda1,w",
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := diskspec.Parse(typicalSpecs[i%len(typicalSpecs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseWith is Parse for Xen 4.17 through ParseWith (which also
// returns the spans).
func BenchmarkParseWith(b *testing.B) {
	opts := domain.Options{Xen: release.Xen417}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := diskspec.ParseWith(opts, typicalSpecs[i%len(typicalSpecs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseError is the cost of a rejected spec with a fix (one
// diagnostic, one edit checked by a second parse).
func BenchmarkParseError(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := diskspec.Parse("format=QCOW2,vdev=xvda,target=/x"); err == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkCanonical(b *testing.B) {
	disks := make([]*diskspec.Disk, len(typicalSpecs))
	for i, s := range typicalSpecs {
		disks[i], _ = diskspec.Parse(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := disks[i%len(disks)].Canonical(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalLibxlJSON(b *testing.B) {
	d, _ := diskspec.Parse(typicalSpecs[2])
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d.MarshalLibxlJSON()
	}
}

func BenchmarkMarshalLibxlJSONYajl(b *testing.B) {
	d, _ := diskspec.Parse(typicalSpecs[2])
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d.MarshalLibxlJSONFor(release.Xen420)
	}
}
