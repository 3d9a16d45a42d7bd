package vdev_test

import (
	"fmt"

	"github.com/xldisk/xldisk/vdev"
)

func ExampleDecode() {
	for _, name := range []string{"xvda", "xvdq", "hdc1", "sdp", "d0p1", "hde"} {
		v, err := vdev.Decode(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %s disk %d partition %d number %d\n", name, v.Kind, v.Disk, v.Partition, v.Number)
	}
	// Output:
	// xvda: xvd disk 0 partition 0 number 51712
	// xvdq: xvd disk 16 partition 0 number 268439552
	// hdc1: hd disk 2 partition 1 number 5633
	// sdp: sd disk 15 partition 0 number 2288
	// d0p1: dNpM disk 0 partition 1 number 51713
	// invalid vdev "hde": hd disk "e" is beyond the last one, hdd (4 disks)
}

func ExampleName() {
	for _, n := range []int{51712, 268439552, 5633, 2048} {
		name, _ := vdev.Name(n)
		fmt.Println(n, name)
	}
	// Output:
	// 51712 xvda
	// 268439552 xvdq
	// 5633 hdc1
	// 2048 sda
}
