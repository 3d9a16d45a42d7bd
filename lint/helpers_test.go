package lint

import (
	"fmt"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/xlcfg"
)

// parseDisks returns every setting except disk as decoded text, and every
// disk as its libxl JSON, for before/after comparisons.
func parseDisks(name string, src []byte) (map[string]string, error) {
	f, err := xlcfg.Parse(name, src)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, s := range f.Settings {
		if s.Name != "disk" {
			out[s.Name] = s.Value.Raw
		}
	}
	specs, err := f.DiskSpecs()
	if err != nil {
		return out, nil
	}
	for _, ds := range specs {
		d, err := diskspec.Parse(ds.Spec)
		key := fmt.Sprint("disk ", ds.Path)
		if err != nil {
			out[key] = "error"
			continue
		}
		j, _ := d.MarshalLibxlJSON()
		out[key] = string(j)
	}
	return out, nil
}
