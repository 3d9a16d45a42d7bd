// Command diskpositions shows the xlcfg API: it reads an xl.cfg file the
// way libxlu does and prints each disk spec as xl sees it (after the
// string escapes), with the file position of every comma-separated
// parameter, mapped back through quotes and backslash escapes.
//
//	go run ./examples/diskpositions examples/hvm-ahci.cfg
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/xldisk/xldisk/xlcfg"
)

const builtin = `type = "hvm"
disk = [ "/srv/it's \"here\".img,raw,hda,rw",
         [ 'ignored,raw,xvdb' ] ]
`

func main() {
	path, src := "builtin.cfg", []byte(builtin)
	if len(os.Args) > 1 {
		path = os.Args[1]
		var err error
		if src, err = os.ReadFile(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	f, err := xlcfg.Parse(path, src)
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // file:line:col: message
		os.Exit(1)
	}
	if t, ok := f.LookupString("type"); ok {
		fmt.Printf("type %q\n", t)
	}
	specs, err := f.DiskSpecs()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, d := range specs {
		state := fmt.Sprintf("disk %d", d.Index)
		if d.Ignored {
			state = "ignored by xl"
		}
		fmt.Printf("%s at %v: %s\n", state, d.Value.Pos, d.Spec)
		off := 0
		for _, param := range strings.Split(d.Spec, ",") {
			fmt.Printf("    %-40q %v\n", param, d.Pos(off))
			off += len(param) + 1
		}
	}
}
