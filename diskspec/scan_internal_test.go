package diskspec

import (
	"reflect"
	"testing"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// TestScanRuleOrder: the rule table is libxlu_disk_l.l's rules, in its
// order (Xen 4.19 to master), plus colo-params= after hidden-disk=.
func TestScanRuleOrder(t *testing.T) {
	want := []string{
		`[ \t\n]+/([^ \t\n].*)?`, `format=[^,]*,?`, `cdrom,?`, `devtype=cdrom,?`, `devtype=disk,?`, `devtype=[^,]*,?`,
		`access=[^,]*,?`, `backend=[^,]*,?`, `backendtype=[^,]*,?`, `specification=[^,]*,?`, `vdev=[^,]*,?`,
		`script=[^,]*,?`, `direct-io-safe,?`, `discard,?`, `no-discard,?`, `colo,?`, `no-colo,?`,
		`colo-host=[^,]*,?`, `colo-port=[^,]*,?`, `colo-export=[^,]*,?`, `active-disk=[^,]*,?`, `hidden-disk=[^,]*,?`,
		`colo-params=[^,]*,?`, `trusted,?`, `untrusted,?`, `grant_usage=1,?`, `grant_usage=0,?`, `target=.*`,
		`[a-z][-a-z0-9]*=[^,],?`, `(raw|qcow2?|vhd):/.*`, `(iscsi|e?nbd|drbd):/.*`, `tapdisk:/.*`, `tap2?:/.*`,
		`aio:/.*`, `ioemu:/.*`, `file:/.*`, `phy:/.*`, `[a-z][a-z0-9]*:/([^a-z0-9].*)?`, `[^=,]*,|[^=,]+,?`,
		`. <LEXERR>.*`,
	}
	var got []string
	for _, r := range scanRules {
		got = append(got, r.flex)
		if r.act == nil {
			t.Errorf("rule %s has no action", r.flex)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules:\n got %q\nwant %q", got, want)
	}
}

// TestRulesFor: the release table alone decides which rules exist.
func TestRulesFor(t *testing.T) {
	if defaultRules != rulesFor(&domain.Options{}) || defaultRules != allRules || defaultRules != computeRules(&domain.Options{}) {
		t.Fatalf("defaultRules %x, rulesFor(zero) %x, allRules %x", defaultRules, rulesFor(&domain.Options{}), allRules)
	}
	for _, v := range release.Known() {
		m := rulesFor(&domain.Options{Xen: v})
		if m != computeRules(&domain.Options{Xen: v}) {
			t.Errorf("%s: cached rules %x differ from computed %x", v, m, computeRules(&domain.Options{Xen: v}))
		}
		for i, r := range scanRules {
			has := m&(1<<i) != 0
			want := !r.gated || v.Has(r.since)
			if has != want {
				t.Errorf("%s: rule %s present %v, want %v", v, r.flex, has, want)
			}
		}
	}
	if m := rulesFor(&domain.Options{Dialect: domain.Dialect2015}); m != allRules&^(1<<23|1<<24|1<<25|1<<26) {
		t.Errorf("2015 dialect: rules %x", m)
	}
}

// TestDiffDiskCoversEveryField: Canonical's round-trip check compares
// every field of Disk.
func TestDiffDiskCoversEveryField(t *testing.T) {
	base := Disk{}
	typ := reflect.TypeOf(base)
	for i := 0; i < typ.NumField(); i++ {
		d := base
		f := reflect.ValueOf(&d).Elem().Field(i)
		switch f.Kind() {
		case reflect.Ptr:
			f.Set(reflect.ValueOf(Str("x")))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int8, reflect.Int32, reflect.Int64:
			f.SetInt(1)
		case reflect.Uint32, reflect.Uint64:
			f.SetUint(1)
		default:
			t.Fatalf("field %s: kind %s not handled", typ.Field(i).Name, f.Kind())
		}
		if diffDisk(&base, &d) == "" {
			t.Errorf("diffDisk misses field %s", typ.Field(i).Name)
		}
	}
	a, b := Disk{Vdev: Str("x")}, Disk{Vdev: Str("y")}
	if diffDisk(&a, &b) != "vdev" || diffDisk(&a, &Disk{Vdev: Str("x")}) != "" {
		t.Errorf("diffDisk compares pointers, not strings")
	}
}
