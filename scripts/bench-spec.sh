# shellcheck shell=bash
# Sourced by the benchmark scripts: `bench_spec N NAME` prints a spec file (for
# `msgen new --from`) of a service NAME with N operations.
# A spec of $1 operations: schemas ItemK/NewItemK for K in 1..N/3, each used by three
# operations.
bench_spec() {
  local n="$1" groups=$(( ($1 + 2) / 3 )) k
  echo "name = \"$2\""
  for k in $(seq 1 "$groups"); do
    cat <<EOF
[schemas.NewItem$k]
type = "object"
required = ["name", "quantity"]
properties.name = { type = "string", minLength = 1, maxLength = 64 }
properties.quantity = { type = "integer", format = "int32", minimum = 1, maximum = 1000 }
properties.colour = { type = "string", enum = ["red", "green", "blue"] }
properties.note = { type = "string", maxLength = 500 }

[schemas.Item$k]
type = "object"
required = ["id", "name", "quantity", "created_at"]
properties.id = { type = "string", format = "uuid" }
properties.name = { type = "string" }
properties.quantity = { type = "integer", format = "int32" }
properties.colour = { type = "string", enum = ["red", "green", "blue"] }
properties.tags = { type = "array", items = { type = "string" } }
properties.created_at = { type = "string", format = "date-time" }

EOF
  done
  for i in $(seq 1 "$n"); do
    k=$(( (i - 1) / 3 + 1 ))
    case $(( i % 3 )) in
      1) printf '[[endpoints]]\nmethod = "GET"\npath = "/items%d/{id}"\nresponse = "Item%d"\n\n' "$k" "$k" ;;
      2) printf '[[endpoints]]\nmethod = "POST"\npath = "/items%d"\nrequest = "NewItem%d"\nresponse = "Item%d"\nstatus = 201\n\n' "$k" "$k" "$k" ;;
      0) printf '[[endpoints]]\nmethod = "GET"\npath = "/items%d"\nresponse = "Item%d[]"\n\n' "$k" "$k" ;;
    esac
  done
}
