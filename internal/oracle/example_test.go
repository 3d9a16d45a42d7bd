//go:build oracle

package oracle_test

import (
	"fmt"

	"github.com/xldisk/xldisk/internal/oracle"
)

func ExampleDiskParse() {
	stdout, _, rc := oracle.DiskParse([]string{"/dev/vg/guest-volume,raw,xvda,rw"})
	fmt.Print(rc, " ", stdout)
	_, stderr, rc := oracle.DiskParse([]string{"/dev/vg/guest-volume,bogus,xvda"})
	fmt.Print(rc, " ", stderr)
	// Output:
	// 0 disk: {
	//     "pdev_path": "/dev/vg/guest-volume",
	//     "vdev": "xvda",
	//     "format": "raw",
	//     "readwrite": 1
	// }
	//
	// 1 command line: config parsing error in disk specification: unknown value for format: near `bogus' in `/dev/vg/guest-volume,bogus,xvda'
}

func ExampleCfgReadData() {
	src := "name = \"g\"\nmemory = 512\ndisk = [ '/x,raw,xvda,rw', 'vdev=xvdb,target=/y' ]\n"
	v, err := oracle.CfgReadData("guest.cfg", []byte(src), []string{"name", "memory", "disk", "vif"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v["name"].Kind, v["name"].Str)
	fmt.Println(v["memory"].Kind, *v["memory"].Long)
	fmt.Printf("%s %q\n", v["disk"].Kind, v["disk"].Strings())
	fmt.Println(v["vif"].Kind)
	_, err = oracle.CfgReadData("bad.cfg", []byte("disk = [ 'a'\n"), nil)
	fmt.Println(err)
	// Output:
	// string g
	// string 512
	// list ["/x,raw,xvda,rw" "vdev=xvdb,target=/y"]
	// missing
	// bad.cfg:1: config parsing error near `': syntax error, unexpected $end, expecting ']'
}
