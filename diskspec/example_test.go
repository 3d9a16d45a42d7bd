package diskspec_test

import (
	"fmt"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
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
	spec := "/dev/vg/guest-volume,xvda,w"
	_, err := diskspec.Parse(spec)
	for _, d := range diskspec.AsList(err) {
		s := d.Span()
		fmt.Printf("%s [%s] at byte %d: %q\n", d.Message, d.Rule, s.Offset, spec[s.Offset:s.End()])
	}
	fmt.Print(diskspec.Report("command line", []string{spec}, err))
	// Output:
	// unknown value for format [XLD004] at byte 21: "xvda"
	// command line: config parsing error in disk specification: unknown value for format: near `xvda' in `/dev/vg/guest-volume,xvda,w'
}

func ExampleParseWith() {
	// Xen 4.17 and 4.18 read "trusted" as a positional value (the target,
	// here); from 4.19 it is a flag.
	spec := "vdev=xvda,trusted,target=/x.img"
	for _, v := range []release.Version{release.Xen417, release.Xen419} {
		p, err := diskspec.ParseWith(domain.Options{Xen: v}, spec)
		if err != nil {
			fmt.Print(v, ": ", diskspec.Report("command line", []string{spec}, err))
			continue
		}
		fmt.Printf("%s: target %q trusted %v\n", v, p.Disk.Target(), p.Disk.Trusted)
	}
	// Output:
	// 4.17: command line: config parsing error in disk specification: target respecified: near `/x.img' in `vdev=xvda,trusted,target=/x.img'
	// 4.19: target "/x.img" trusted True
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
	j, _ := d.MarshalLibxlJSONFor(release.Xen420) // yajl, as up to 4.20
	fmt.Printf("disk: %s", j)
	j, _ = d.MarshalLibxlJSON() // json-c, as from 4.21
	fmt.Printf("disk: %s\n", j)
	// Output:
	// disk: {
	//     "pdev_path": "/dev/vg/guest-volume",
	//     "vdev": "hda",
	//     "format": "raw",
	//     "readwrite": 1
	// }
	// disk: {
	//   "pdev_path":"\/dev\/vg\/guest-volume",
	//   "vdev":"hda",
	//   "format":"raw",
	//   "readwrite":1
	// }
}
