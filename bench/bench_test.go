package bench_test

import (
	"os"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/xlcfg"
)

// typicalSpecs are disk specs as found in real xl.cfg files and xl
// block-attach commands, all accepted by libxlu.
var typicalSpecs = []string{
	"/dev/vg/guest-volume,raw,xvda,rw",
	"phy:/dev/vg0/web01-swap,xvdc,w",
	"format=qcow2, vdev=xvdb, access=rw, target=/var/lib/xen/images/web01-data.qcow2",
	"/srv/iso/debian-12.iso,,hdc,cdrom",
	"tap:aio:/var/lib/xen/images/old.img,xvde,w",
	"vdev=xvdf,backendtype=qdisk,format=raw,discard,target=/var/lib/xen/images/f.raw",
	",,hdc:cdrom,r",
	"iscsi:iqn.2001-05.com.equallogic:0-8a0906-23fe93404-c82797962054a96d-examplehost,xvdg,w",
	"backendtype=phy,vdev=xvdh,access=ro,devtype=disk,target=/dev/mapper/vg-ro",
	"file:/var/lib/xen/images/hvm.img,hda,w",
}

const typicalCfg = "testdata/typical.cfg"

// TestTypicalSpecsParse keeps the benchmark inputs valid.
func TestTypicalSpecsParse(t *testing.T) {
	for _, s := range typicalSpecs {
		if _, err := diskspec.Parse(s); err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
	src, err := os.ReadFile(typicalCfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := xlcfg.Parse(typicalCfg, src); err != nil {
		t.Errorf("xlcfg.Parse(%s): %v", typicalCfg, err)
	}
}

// BenchmarkDiskspecParse parses each typical spec once per iteration.
func BenchmarkDiskspecParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, s := range typicalSpecs {
			if _, err := diskspec.Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkXlcfgParse parses the typical config file.
func BenchmarkXlcfgParse(b *testing.B) {
	src, err := os.ReadFile(typicalCfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := xlcfg.Parse(typicalCfg, src); err != nil {
			b.Fatal(err)
		}
	}
}
