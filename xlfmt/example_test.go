package xlfmt_test

import (
	"fmt"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/xlfmt"
)

func ExampleFormat() {
	src := []byte("name = 'g'  # kept\ndisk = [ 'phy:/dev/vg/a,xvda,w', \"/b.iso,,hdc:cdrom,r\" ]\n")
	out, refusals, err := xlfmt.Format("guest.cfg", src, domain.Options{})
	fmt.Print(string(out))
	fmt.Println(len(refusals), err)
	// Output:
	// name = 'g'  # kept
	// disk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/a', "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/b.iso" ]
	// 0 <nil>
}
