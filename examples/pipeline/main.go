// Command pipeline reads a small xl config, validates its disks for an HVM
// guest on Xen 4.20 and prints the QEMU arguments libxl would give the
// device model: parse, validate, render.
package main

import (
	"fmt"
	"os"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/validate"
	"github.com/xldisk/xldisk/xlcfg"
)

const config = `name = "guest"
type = "hvm"
disk = [ '/dev/vg0/guest,raw,hda,rw',
         '/srv/iso/install.iso,raw,hdc:cdrom,r' ]
`

func main() {
	// Parse: the xl.cfg file, then each disk spec as libxlu 4.20 does.
	f, err := xlcfg.Parse("guest.cfg", []byte(config))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	opts := domain.Options{Xen: release.Xen420}
	if t, ok := f.LookupString("type"); ok {
		if opts.Type, err = domain.ParseGuestType(t); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	specs, err := f.DiskSpecs()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var disks []*diskspec.Parsed
	for _, ds := range specs {
		p, err := diskspec.ParseWith(opts, ds.Spec)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		disks = append(disks, p)
	}

	// Validate: every decision libxl makes, and every finding.
	plan := validate.Domain(disks, opts)
	for _, d := range plan.Diags {
		fmt.Println(d.Range, d.Error())
	}
	if !plan.OK() {
		os.Exit(1)
	}

	// Render: the device model's -drive and -device arguments.
	fmt.Print(qemuargs.FormatLines(qemuargs.Render(plan).Args))
}
