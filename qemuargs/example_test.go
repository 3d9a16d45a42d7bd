package qemuargs_test

import (
	"fmt"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/validate"
)

func ExampleRender() {
	disks := []*diskspec.Disk{
		{PdevPath: diskspec.Str("/srv/xen/guest,1.img"), Vdev: diskspec.Str("hda"), Backend: diskspec.BackendQdisk, Format: diskspec.FormatRaw, Readwrite: 1},
		{PdevPath: diskspec.Str("/srv/xen/data.qcow2"), Vdev: diskspec.Str("sdb"), Backend: diskspec.BackendQdisk, Format: diskspec.FormatQcow2},
		{PdevPath: diskspec.Str("/dev/vg/big"), Vdev: diskspec.Str("xvde"), Backend: diskspec.BackendPhy, Format: diskspec.FormatRaw, Readwrite: 1},
	}
	res := qemuargs.Render(disks, qemuargs.Options{})
	fmt.Print(qemuargs.FormatLines(res.Args))
	for _, w := range res.Warnings {
		fmt.Printf("disk %d: %v\n", w.Disk, w)
	}
	// Output:
	// -device lsi53c895a
	// -drive file=/srv/xen/guest,,1.img,if=ide,index=0,media=disk,format=raw,cache=writeback
	// -drive file=/srv/xen/data.qcow2,id=scsi0-hd1,format=qcow2,if=none,readonly=on,cache=writeback
	// -device scsi-hd,drive=scsi0-hd1,scsi-id=1
	// disk 2: warning: only 4 emulated IDE disks are supported; xvde (index 4) is not emulated [XLD202]
}

func ExampleRender_coloSecondary() {
	d := &diskspec.Disk{
		PdevPath: diskspec.Str("/srv/xen/base.img"), Vdev: diskspec.Str("hda"), Backend: diskspec.BackendQdisk,
		Format: diskspec.FormatRaw, Readwrite: 1, ColoEnable: diskspec.DefboolTrue,
		ColoHost: diskspec.Str("192.168.0.2"), ColoPort: 9000, ColoExport: diskspec.Str("colo1"),
		ActiveDisk: diskspec.Str("/srv/colo/active.qcow2"), HiddenDisk: diskspec.Str("/srv/colo/hidden.qcow2"),
	}
	res := qemuargs.Render([]*diskspec.Disk{d}, qemuargs.Options{ColoSide: colo.ModeSecondary})
	for _, a := range res.Args {
		fmt.Println(a)
	}
	// Output:
	// -drive
	// if=none,driver=raw,file=/srv/xen/base.img,id=colo1
	// -drive
	// if=ide,index=0,id=top-colo,media=disk,cache=writeback,driver=replication,mode=secondary,top-id=top-colo,file.driver=qcow2,file.file.filename=/srv/colo/active.qcow2,file.backing.driver=qcow2,file.backing.file.filename=/srv/colo/hidden.qcow2,file.backing.backing=colo1
}

func ExampleSplitOpts() {
	kvs, err := qemuargs.SplitOpts("file=/a,,file=/etc/passwd,if=none")
	fmt.Printf("%+v %v\n", kvs, err)
	// Output:
	// [{Key:file Value:/a,file=/etc/passwd Bare:false} {Key:if Value:none Bare:false}] <nil>
}

// ExampleRenderParsed runs the whole pipeline a toolstack runs: parse each
// disk with its spans, let validate choose the backends as libxl does, then
// render; a finding points back at the text of the spec it is about.
func ExampleRenderParsed() {
	specs := []string{
		"/srv/xen/guest.qcow2,qcow2,hda,w",
		"vdev=hdb,access=rw,target= /srv/xen/typo.img",
	}
	var parsed []*diskspec.Parsed
	for _, s := range specs {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			panic(err)
		}
		parsed = append(parsed, p)
	}
	results, _ := validate.Domain(parsed, validate.Options{HVM: true})
	resolved, index := validate.Resolve(parsed, results)
	res := qemuargs.RenderParsed(resolved, qemuargs.Options{})
	fmt.Print(qemuargs.FormatLines(res.Args))
	for _, w := range res.Warnings {
		spec := specs[index[w.Disk]]
		fmt.Printf("disk %d: %v\n  at %q\n", index[w.Disk], w, spec[w.Span.Offset:w.Span.End()])
	}
	// Output:
	// -drive file=/srv/xen/guest.qcow2,if=ide,index=0,media=disk,format=qcow2,cache=writeback
	// disk 1: error: target " /srv/xen/typo.img" of disk hdb starts with white space; QEMU would open it literally, as a relative file name beginning with the blank [XLD248]
	//   at " /srv/xen/typo.img"
}
