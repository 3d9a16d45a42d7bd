package lint_test

import (
	"fmt"
	"os"

	"github.com/xldisk/xldisk/lint"
)

func ExampleConfig() {
	src := []byte(`type = "hvm"
disk = [ '/dev/vg/guest,raw,hda,rw',
         '/dev/vg/data,raw,hdb,ro' ]   # read-only IDE: QEMU refuses it
`)
	res := lint.Config("guest.cfg", src, lint.Options{})
	for _, f := range res.Findings {
		fmt.Printf("%s %s %v-%v\n", f.Rule, f.Severity, f.Pos, f.End)
	}
	// Output:
	// XLD200 error guest.cfg:3:32-guest.cfg:3:34
}

func ExampleFormat() {
	src := []byte("disk = [ '/dev/vg/guest,raw,xvda,rw' ]  # root\n")
	out, refusals, err := lint.Format("guest.cfg", src)
	fmt.Print(string(out), len(refusals), err)
	// Output:
	// disk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/guest' ]  # root
	// 0 <nil>
}

func ExampleWriteText() {
	res := lint.Config("guest.cfg", []byte("type = \"pv\"\nbuilder = \"hvm\"\n"), lint.Options{})
	lint.WriteText(os.Stdout, []lint.Result{res})
	// Output:
	// guest.cfg:2:11: error: builder "hvm" contradicts type: xl create exits [XLD307]
}
