module github.com/xldisk/xldisk

go 1.26

require (
	github.com/alecthomas/participle/v2 v2.1.4
	github.com/google/go-cmp v0.7.0
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
	go.lsp.dev/jsonrpc2 v1.0.1
)

require github.com/go-json-experiment/json v0.0.0-20260601182631-00ed12fed2a6 // indirect
