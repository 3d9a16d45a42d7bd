package xlcfg

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// viaParticiple parses src with the participle grammar only.
func viaParticiple(src []byte) (*File, error) {
	s := &scanner{filename: "f.cfg", src: src, str: string(src), lim: DefaultLimits}
	lexErr := s.scan()
	f, err := parseParticiple(s, DefaultLimits)
	if err == nil && lexErr != nil {
		// Impossible: the grammar has no place for the error token.
		return nil, &Error{Msg: "participle accepted an error token"}
	}
	return f, err
}

// checkAgree fails when the fast parser and the participle grammar differ
// on src: both must accept it with the same settings, or both reject it.
// (Error messages come from participle for syntax errors in both cases.)
func checkAgree(t *testing.T, src []byte) {
	t.Helper()
	fast, ferr := ParseLimits("f.cfg", src, DefaultLimits)
	slow, serr := viaParticiple(src)
	if (ferr == nil) != (serr == nil) {
		t.Fatalf("fast err %v, participle err %v on %q", ferr, serr, src)
	}
	if ferr != nil {
		return
	}
	if diff := cmp.Diff(slow.Settings, fast.Settings); diff != "" {
		t.Fatalf("settings differ on %q (-participle +fast):\n%s", src, diff)
	}
}

func TestParsersAgree(t *testing.T) {
	files, _ := filepath.Glob("testdata/cfgs/*.cfg")
	inputs := [][]byte{}
	for _, fn := range files {
		src, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, src)
	}
	for _, s := range []string{"", ";", "a=1", "a=[]", "a=[1,]", "a=[,]", "a=[1 2]", "a=[[1],[2,[3,]],]\n", "a==1", "a+=[1]",
		"=1", "a", "a=", "a=1;b", "a=]", "a=[", "a=[1", "a=1]", "a='x';;b=\"y\"\n\n", "a=1\n+=2", "a=[1]\na+=[2]"} {
		inputs = append(inputs, []byte(s))
	}
	for _, in := range inputs {
		checkAgree(t, in)
	}
}
