package lint_test

import (
	"fmt"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/release"
)

func ExampleConfig() {
	src := []byte(`type = "hvm"
disk = [ '/dev/vg/guest,raw,hda,rw',
         '/dev/vg/data,raw,hdb,ro' ]   # read-only IDE: QEMU refuses it
`)
	res := lint.Config("guest.cfg", src, domain.Options{})
	for _, d := range res.Diags {
		fmt.Printf("%s %s %s-%s disk %d: %s\n", d.Rule, d.Severity, d.Range, d.Range.End, d.Range.Disk, d.Message)
	}
	// Output:
	// XLD200 error guest.cfg:3:32-3:34 disk 1: read-only IDE disk hdb: qemu-xen doesn't support read-only IDE disk drivers, libxl refuses the domain
}

func ExampleConfigAcross() {
	src := []byte("disk = [ 'vdev=xvda,trusted,target=/dev/vg/guest' ]\n")
	res := lint.ConfigAcross("guest.cfg", src, domain.Options{}, []release.Version{release.Xen417, release.Xen420})
	for _, d := range res.Diags {
		fmt.Printf("%s %s [%s]: %s\n", d.Rule, d.Range, release.FormatSet(d.Releases), d.Message)
	}
}
