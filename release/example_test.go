package release_test

import (
	"fmt"

	"github.com/xldisk/xldisk/release"
)

func ExampleParseSet() {
	vs, err := release.ParseSet("4.17,4.19-4.20")
	fmt.Println(release.FormatSet(vs), err)
	for _, v := range vs {
		fmt.Println(v, "grant_usage:", v.Has(release.GrantUsage))
	}
	// Output:
	// 4.17, 4.19-4.20 <nil>
	// 4.17 grant_usage: false
	// 4.19 grant_usage: true
	// 4.20 grant_usage: true
}
