package walk_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xldisk/xldisk/walk"
)

func ExamplePaths() {
	dir, _ := os.MkdirTemp("", "walk-example")
	defer os.RemoveAll(dir)
	for name, content := range map[string]string{
		"guest.cfg": "disk = [ '/dev/vg/a,raw,xvda,w' ]\n",
		"setup.cfg": "[metadata]\nname = a-python-project\n",
		"legacy":    "name = 'old'\ndisk = [ '/dev/vg/o,raw,xvda,w' ]\n",
		"notes.txt": "no disk setting here\n",
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	res := walk.Paths([]string{dir}, walk.Options{})
	for _, f := range res.Files {
		fmt.Println("lint:", filepath.Base(f.Path), len(f.Src), f.Err)
	}
	for _, s := range res.Skipped {
		fmt.Println("skipped:", filepath.Base(s.Path), s.Reason)
	}
	// Output:
	// lint: guest.cfg 34 <nil>
	// lint: legacy 47 <nil>
	// skipped: setup.cfg an INI file ([section] header), not an xl config
}
