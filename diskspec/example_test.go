package diskspec_test

import (
	"fmt"

	"github.com/xldisk/xldisk/diskspec"
)

func ExampleParse() {
	d, err := diskspec.Parse("/dev/vg/guest-volume,raw,xvda,rw")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Target(), d.VdevName(), d.Format, d.Readwrite)
	// Output: /dev/vg/guest-volume xvda raw 1
}

func ExampleParse_error() {
	_, err := diskspec.Parse("/dev/vg/guest-volume,xvda,w")
	for _, e := range diskspec.AsErrorList(err) {
		fmt.Printf("%s at byte %d: near %q\n", e.Msg, e.Offset, e.Near)
	}
	// Output: unknown value for format at byte 21: near "xvda"
}

func ExampleParseArgs() {
	// The arguments of xl block-attach accumulate into one disk.
	d, _ := diskspec.ParseArgs("format=qcow2", "vdev=xvdb", "target=/images/data.qcow2")
	fmt.Println(d.Format, d.VdevName(), d.Target())
	// Output: qcow2 xvdb /images/data.qcow2
}

func ExampleParseDetailed() {
	p, _ := diskspec.ParseDetailed("raw:/root/image.iso,hdc:cdrom,ro")
	s := p.Span(diskspec.FieldVdev)
	fmt.Printf("vdev %q at bytes %d-%d\n", p.Frags[s.Frag][s.Offset:s.End()], s.Offset, s.End())
	// Output: vdev "hdc" at bytes 20-23
}

func ExampleDisk_Canonical() {
	d, _ := diskspec.Parse("raw:/root/image.iso,hdc:cdrom,ro")
	s, _ := d.Canonical()
	fmt.Println(s)
	// Output: format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/image.iso
}

func ExampleDisk_MarshalLibxlJSON() {
	d, _ := diskspec.Parse("/dev/vg/guest-volume,,hda")
	j, _ := d.MarshalLibxlJSON()
	fmt.Printf("disk: %s", j)
	// Output:
	// disk: {
	//     "pdev_path": "/dev/vg/guest-volume",
	//     "vdev": "hda",
	//     "format": "raw",
	//     "readwrite": 1
	// }
}
