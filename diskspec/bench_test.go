package diskspec_test

import (
	"testing"

	"github.com/xldisk/xldisk/diskspec"
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
