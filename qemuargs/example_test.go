package qemuargs_test

import (
	"fmt"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/validate"
)

// ExampleRender runs the whole pipeline a toolstack runs: parse each disk
// with its spans, let validate take libxl's decisions (backend, bus, slot,
// what QEMU opens) once, then render the plan. Every finding comes from
// validate and points back at the spec text it is about; Render only
// writes the strings, escaping each comma.
func ExampleRender() {
	specs := []string{
		"/srv/xen/guest.qcow2,qcow2,hda,w",
		"format=qcow2,vdev=sdb,access=ro,target=/srv/xen/data,1.qcow2",
		"/dev/vg/big,raw,xvde,w",
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
	plan := validate.Domain(parsed, domain.Options{Type: domain.HVM})
	res := qemuargs.Render(plan)
	fmt.Print(qemuargs.FormatLines(res.Args))
	for _, d := range plan.Diags {
		s := d.Span()
		fmt.Printf("disk %d: %v\n  at %q\n", d.Disk(), d, specs[d.Disk()][s.Offset:s.End()])
	}
	// Output:
	// -device lsi53c895a
	// -drive file=/srv/xen/guest.qcow2,if=ide,index=0,media=disk,format=qcow2,cache=writeback
	// -drive file=/srv/xen/data,,1.qcow2,id=scsi0-hd1,format=qcow2,if=none,readonly=on,cache=writeback
	// -device scsi-hd,drive=scsi0-hd1,scsi-id=1
	// disk 2: warning: disk xvde (index 4) is not emulated: only 4 emulated IDE disks are supported; PV drivers only (use hdtype="ahci" for 6 emulated disks, or sd names) [XLD202]
	//   at "xvde"
	// disk 3: error: target " /srv/xen/typo.img" of disk hdb starts with white space; QEMU would open it literally, as a relative file name beginning with the blank [XLD248]
	//   at " /srv/xen/typo.img"
}

// ExampleRender_coloSecondary renders a COLO disk on the secondary side:
// the base drive, named after colo-export, and the replication drive on
// top of the active and hidden overlays.
func ExampleRender_coloSecondary() {
	p, err := diskspec.ParseDetailed("/srv/xen/base.img,raw,hda,w,colo,colo-host=192.168.0.2,colo-port=9000,colo-export=colo1," +
		"active-disk=/srv/colo/active.qcow2,hidden-disk=/srv/colo/hidden.qcow2")
	if err != nil {
		panic(err)
	}
	plan := validate.Domain([]*diskspec.Parsed{p}, domain.Options{Type: domain.HVM, ColoSide: domain.ColoSecondary})
	res := qemuargs.Render(plan)
	for _, a := range res.Args {
		fmt.Println(a)
	}
	fmt.Println(res.Drives[0].ID, res.Drives[0].Mode, plan.OK())
	// Output:
	// -drive
	// if=none,driver=raw,file=/srv/xen/base.img,id=colo1
	// -drive
	// if=ide,index=0,id=top-colo,media=disk,cache=writeback,driver=replication,mode=secondary,top-id=top-colo,file.driver=qcow2,file.file.filename=/srv/colo/active.qcow2,file.backing.driver=qcow2,file.backing.file.filename=/srv/colo/hidden.qcow2,file.backing.backing=colo1
	// top-colo secondary true
}

func ExampleSplitOpts() {
	kvs, err := qemuargs.SplitOpts("file=/a,,file=/etc/passwd,if=none")
	fmt.Printf("%+v %v\n", kvs, err)
	// Output:
	// [{Key:file Value:/a,file=/etc/passwd Bare:false} {Key:if Value:none Bare:false}] <nil>
}
