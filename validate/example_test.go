package validate_test

import (
	"fmt"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/validate"
)

// ExampleDisk validates one disk of an HVM guest: the backend libxl picks
// and the finding that makes libxl refuse the domain, pointing at the
// spec's text.
func ExampleDisk() {
	spec := "/srv/guest.qcow2,qcow2,hda,r"
	p, err := diskspec.ParseDetailed(spec)
	if err != nil {
		panic(err)
	}
	r := validate.Disk(p, domain.Options{Type: domain.HVM})
	fmt.Println("backend:", r.Backend.Backend, "device number:", r.Vdev.Number, "emulated:", r.Emulation != nil)
	for _, d := range r.Diags {
		s := d.Span()
		fmt.Printf("%s %s at %q: %s\n", d.Rule, d.Severity, spec[s.Offset:s.End()], d.Message)
	}
	// Output:
	// backend: qdisk device number: 768 emulated: false
	// XLD200 error at "r": read-only IDE disk hda: qemu-xen doesn't support read-only IDE disk drivers, libxl refuses the domain
}

// ExampleChooseBackend shows libxl's backend choice, and how it depends on
// the Xen release.
func ExampleChooseBackend() {
	d := &diskspec.Disk{
		Vdev:     diskspec.Str("xvda"),
		PdevPath: diskspec.Str("/srv/guest.vhd"),
		Format:   diskspec.FormatVhd,
		Script:   diskspec.Str("block-custom"),
	}
	fmt.Print(validate.ChooseBackend(d, domain.Options{Xen: release.Xen419}).Explain())
	fmt.Print(validate.ChooseBackend(d, domain.Options{Xen: release.Xen417}).Explain())
	// Output:
	// backend requested: none (libxl tries phy, qdisk, tap, standalone in order)
	//   phy: refused: unsuitable due to format vhd (phy needs raw)
	//   qdisk: refused: not compatible with script=...
	//   tap: chosen: format vhd (blktap3 tapdisk)
	// backend chosen: tap
	// backend requested: none (libxl tries phy, qdisk, tap, standalone in order)
	//   phy: refused: unsuitable due to format vhd (phy needs raw)
	//   qdisk: refused: not compatible with script=...
	//   tap: refused: not compatible with script=...
	//   standalone: refused: needs specification=virtio, not xen (the default)
	// no backend: no suitable backend for disk xvda
}

// ExampleDomain makes the plan for an HVM guest's disks: each disk's
// backend and emulation, and each defect reported once.
func ExampleDomain() {
	var disks []*diskspec.Parsed
	for _, s := range []string{"/dev/vg/root,raw,hda,w", "/dev/vg/data,raw,xvda,w", "/srv/data.qcow2,qcow2,sdb,w"} {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			panic(err)
		}
		disks = append(disks, p)
	}
	plan := validate.Domain(disks, domain.Options{Type: domain.HVM})
	for _, dp := range plan.Disks {
		if e := dp.Emulation; e != nil {
			fmt.Printf("disk %d: %s on %s %d, QEMU opens %s as %s\n", dp.Index, dp.Backend.Backend, e.Bus, e.Index, e.Path, e.Format)
		}
	}
	for _, d := range plan.Diags {
		fmt.Printf("disk %d: %s\n", d.Disk(), d.Error())
	}
	fmt.Println("SCSI controller:", plan.SCSIController, "OK:", plan.OK())
	// Output:
	// disk 0: phy on ide 0, QEMU opens /dev/vg/root as raw
	// disk 2: qdisk on scsi 1, QEMU opens /srv/data.qcow2 as qcow2
	// disk 1: error: vdev xvda and disk 0's vdev hda are both emulated as IDE slot 0: QEMU refuses the second drive (give the disks different letters (hda and xvdb, not hda and xvda)) [XLD207]
	// SCSI controller: true OK: false
}
