package config_test

import (
	"fmt"

	"github.com/xldisk/xldisk/config"
	_ "github.com/xldisk/xldisk/lint" // registers the rules (the CLI links them all)
	"github.com/xldisk/xldisk/release"
)

func ExampleParse() {
	c, err := config.Parse(".xldisk.yaml", []byte("rules:\n  XLD311: error\n  XLD310: off\nxen: \"4.17-4.20\"\nfail-on: warning\n"))
	fmt.Println(err, release.FormatSet(c.Xen), len(c.Rules))
	_, err = config.Parse(".xldisk.yaml", []byte("rules:\n  XLD999: loud\n"))
	fmt.Println(err)
	// Output:
	// <nil> 4.17-4.20 2
	// .xldisk.yaml:2:3: unknown rule "XLD999" (see xldisk rules)
}
