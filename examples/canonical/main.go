// Command canonical shows xlfmt.Format, the engine of "xldisk fmt": it
// rewrites the disk specs of an xl.cfg file into the canonical keyword
// form and prints a unified diff, keeping every other byte of the file.
//
//	go run ./examples/canonical examples/hvm-ide.cfg
package main

import (
	"fmt"
	"os"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/udiff"
	"github.com/xldisk/xldisk/xlfmt"
)

const builtin = `# positional specs, as most configs have them
type = "hvm"
disk = [ '/dev/vg0/a,raw,hda,rw', "/srv/iso/x.iso,,hdc,cdrom" ]  # keep me
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
	out, refusals, err := xlfmt.Format(path, src, domain.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, r := range refusals {
		fmt.Fprintf(os.Stderr, "%s: cannot rewrite the disk spec: %s\n", r.Range, r.Error())
	}
	fmt.Print(udiff.Unified(path, src, out))
	if len(refusals) > 0 {
		os.Exit(1)
	}
}
