package xlcfg_test

import (
	"errors"
	"fmt"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/xlcfg"
)

func Example() {
	src := []byte(`type = "hvm"
disk = [ '/dev/vg/guest,raw,hda,rw',
         "/srv/iso/inst\"all\".iso,,hdc,cdrom" ]
`)
	f, err := xlcfg.Parse("guest.cfg", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	typ, _ := f.LookupString("type")
	fmt.Println("type:", typ)
	specs, _ := f.DiskSpecs()
	for _, d := range specs {
		// Point at the vdev: the third positional value.
		off := len(d.Spec) - len("hdc,cdrom")
		if d.Index == 0 {
			off = len("/dev/vg/guest,raw,")
		}
		fmt.Printf("disk %d: %s (vdev at %v)\n", d.Index, d.Spec, d.Pos(off))
	}
	_, err = xlcfg.Parse("bad.cfg", []byte("memory = 1024 * 2\n"))
	var refused diag.List
	if errors.As(err, &refused) {
		d := refused[0]
		fmt.Printf("%v: %s [%v]\n", d.Range, d.Message, d.Rule)
	}
	// Output:
	// type: hvm
	// disk 0: /dev/vg/guest,raw,hda,rw (vdev at guest.cfg:2:29)
	// disk 1: /srv/iso/inst"all".iso,,hdc,cdrom (vdev at guest.cfg:3:37)
	// bad.cfg:1:15: lexical error near "*" [XLD300]
}
