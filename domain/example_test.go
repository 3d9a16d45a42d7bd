package domain_test

import (
	"fmt"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

func ExampleOptions() {
	var zero domain.Options
	fmt.Println(zero.Type, zero.HDType, zero.Release(), zero.DomIDOrDefault(), zero.ScriptDirOrDefault())
	hvm := domain.Options{Type: domain.HVM, HDType: domain.AHCI, Xen: release.Xen417, Host: domain.MapHost{}}
	fmt.Println(hvm.HVM(), hvm.AHCI(), hvm.Has(release.TapBackend))
	// Output:
	// pv ide 4.22 1 /etc/xen/scripts
	// true true false
}
