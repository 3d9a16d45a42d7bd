package validate_test

import (
	"fmt"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/validate"
)

func ExampleDisk() {
	p, err := diskspec.ParseDetailed("/srv/guest.qcow2,qcow2,hda,r")
	if err != nil {
		panic(err)
	}
	r := validate.Disk(p, validate.Options{HVM: true})
	fmt.Println("backend:", r.Choice.Backend, "device number:", r.Vdev.Number)
	for _, d := range r.Diags {
		fmt.Println(d.Rule, d.Severity, d.Span, d.Message)
	}
	// Output:
	// backend: qdisk device number: 768
	// XLD200 error 0:27+1 read-only IDE disk hda: qemu-xen doesn't support read-only IDE disk drivers
}

func ExampleChooseBackend() {
	d := &diskspec.Disk{
		Vdev:     diskspec.Str("xvda"),
		PdevPath: diskspec.Str("/srv/guest.vhd"),
		Format:   diskspec.FormatVhd,
		Script:   diskspec.Str("block-custom"),
	}
	fmt.Print(validate.ChooseBackend(d, validate.Options{}).Explain())
	// Output:
	// backend requested: none (libxl tries phy, qdisk, tap, standalone in order)
	//   phy: refused: unsuitable due to format vhd (phy needs raw)
	//   qdisk: refused: not compatible with script=...
	//   tap: chosen: format vhd (blktap3 tapdisk)
	// backend chosen: tap
}

func ExampleDomain() {
	var disks []*diskspec.Parsed
	for _, s := range []string{"/dev/vg/root,raw,hda,w", "/dev/vg/data,raw,xvda,w"} {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			panic(err)
		}
		disks = append(disks, p)
	}
	_, diags := validate.Domain(disks, validate.Options{HVM: true})
	for _, d := range diags {
		fmt.Printf("disk %d: %s\n", d.Disk, d.Error())
	}
	// Output:
	// disk 1: error: vdev xvda and disk 0's vdev hda are both emulated as ide index 0: QEMU refuses the second drive (give the disks different letters (hda and xvdb, not hda and xvda)) [XLD207]
}

func ExampleXenstoreNodes() {
	d, err := diskspec.Parse("/srv/guest.qcow2,qcow2,xvdb,w")
	if err != nil {
		panic(err)
	}
	opts := validate.Options{DomID: 3}
	c := validate.ChooseBackend(d, opts)
	nodes, err := validate.XenstoreNodes(d, c.Backend, opts)
	if err != nil {
		panic(err)
	}
	for _, n := range nodes.Backend[:3] {
		fmt.Printf("%s = %s\n", n.Path, n.Value)
	}
	back, err := validate.DiskFromBackendNodes(nodes.Backend)
	fmt.Println(back.Backend, *back.PdevPath, *back.Vdev, err)
	// Output:
	// frontend = /local/domain/3/device/vbd/51728
	// params = qcow2:/srv/guest.qcow2
	// frontend-id = 3
	// qdisk /srv/guest.qcow2 xvdb <nil>
}

// ExampleDiskFromBackendDir reads a disk back from the backend nodes libxl
// wrote, and shows libxl's error when a COLO node is missing.
func ExampleDiskFromBackendDir() {
	dir := "/local/domain/0/backend/qdisk/3/51712"
	nodes := []validate.Node{
		{Path: "params", Value: "raw:/srv/guest.img"},
		{Path: "dev", Value: "xvda"},
		{Path: "mode", Value: "w"},
		{Path: "device-type", Value: "disk"},
		{Path: "removable", Value: "0"},
		{Path: "type", Value: "qdisk"},
	}
	d, err := validate.DiskFromBackendDir(dir, nodes, validate.DialectCurrent)
	fmt.Println(d.Backend, *d.PdevPath, *d.Vdev, d.Readwrite, err)

	colo := append(nodes, validate.Node{Path: "colo-host", Value: "192.168.0.2"})
	_, err = validate.DiskFromBackendDir(dir, colo, validate.DialectCurrent)
	fmt.Println(err)
	// Output:
	// qdisk /srv/guest.img xvda 1 <nil>
	// Missing xenstore node /local/domain/0/backend/qdisk/3/51712/colo-port
}
