package xenstore_test

import (
	"errors"
	"fmt"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/xenstore"
)

// ExampleNodes writes the nodes of a qcow2 disk (libxl puts it on qdisk)
// and reads the disk back from them.
func ExampleNodes() {
	d, err := diskspec.Parse("/srv/guest.qcow2,qcow2,xvdb,w")
	if err != nil {
		panic(err)
	}
	opts := domain.Options{DomID: 3}
	nodes, err := xenstore.Nodes(d, diskspec.BackendQdisk, opts)
	if err != nil {
		panic(err)
	}
	fmt.Println(nodes.BackendDir)
	for _, n := range nodes.Backend[:3] {
		fmt.Printf("%s = %s\n", n.Path, n.Value)
	}
	back, err := xenstore.DiskFromBackendNodes(nodes.Backend, opts)
	fmt.Println(back.Backend, *back.PdevPath, *back.Vdev, err)
	// Output:
	// /local/domain/0/backend/qdisk/3/51728
	// frontend = /local/domain/3/device/vbd/51728
	// params = qcow2:/srv/guest.qcow2
	// frontend-id = 3
	// qdisk /srv/guest.qcow2 xvdb <nil>
}

// ExampleNodes_release shows a tap disk: vbd3 nodes from Xen 4.19, none
// before.
func ExampleNodes_release() {
	d, err := diskspec.Parse("/srv/guest.vhd,vhd,xvda,w,backendtype=tap")
	if err != nil {
		panic(err)
	}
	for _, v := range []release.Version{release.Xen417, release.Xen420} {
		nodes, err := xenstore.Nodes(d, diskspec.BackendTap, domain.Options{Xen: v})
		if err != nil {
			fmt.Printf("%s: %v\n", v, err)
			continue
		}
		fmt.Printf("%s: %s %s\n", v, nodes.BackendDir, nodes.Backend[1].Value)
	}
	// Output:
	// 4.17: error: blktap is not supported (vbd3 disks need Xen 4.19 or later) [XLD152]
	// 4.20: /local/domain/0/backend/vbd3/1/51712 vhd:/srv/guest.vhd
}

// ExampleDiskFromBackendDir reads a disk back from the backend nodes libxl
// wrote, and shows libxl's error when a COLO node is missing.
func ExampleDiskFromBackendDir() {
	dir := "/local/domain/0/backend/qdisk/3/51712"
	nodes := []xenstore.Node{
		{Path: "params", Value: "raw:/srv/guest.img"},
		{Path: "dev", Value: "xvda"},
		{Path: "mode", Value: "w"},
		{Path: "device-type", Value: "disk"},
		{Path: "removable", Value: "0"},
		{Path: "type", Value: "qdisk"},
	}
	d, err := xenstore.DiskFromBackendDir(dir, nodes, domain.Options{})
	fmt.Println(d.Backend, *d.PdevPath, *d.Vdev, d.Readwrite, err)

	colo := append(nodes, xenstore.Node{Path: "colo-host", Value: "192.168.0.2"})
	_, err = xenstore.DiskFromBackendDir(dir, colo, domain.Options{})
	var dg diag.Diagnostic
	if errors.As(err, &dg) && dg.Rule == xenstore.RuleMissingNode {
		fmt.Println(dg.Message)
	}
	// Output:
	// qdisk /srv/guest.img xvda 1 <nil>
	// missing xenstore node /local/domain/0/backend/qdisk/3/51712/colo-port
}
