#!/usr/bin/env bash
# Makes the Node.js archive that frontend-maven-plugin's install-node-and-npm expects, without
# nodejs.org: the npm registry package node-linux-<arch>@<version> carries the same binary.
#
# Usage: prepare-node.sh <dist-dir> <node-version, e.g. v22.22.0> <maven-local-repo> <install-dir>
# Leaves <dist-dir>/<version>/node-<version>-linux-<arch>.tar.gz, which the plugin reads through
# nodeDownloadRoot=file://<dist-dir>/. Does nothing when Node is already installed, when the plugin
# already cached the archive in the local Maven repository, or when the archive already exists.
set -euo pipefail

dist_dir=${1:?dist dir}
version=${2:?node version}
local_repo=${3:?maven local repository}
install_dir=${4:?node install dir}
bare=${version#v}

case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "prepare-node: unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac

installed="$install_dir/node"
if [[ -x "$installed" ]] && [[ "$("$installed" --version 2>/dev/null)" == "$version" ]]; then
  exit 0
fi
if [[ -f "$local_repo/com/github/eirslett/node/$bare/node-$bare-linux-$arch.tar.gz" ]]; then
  exit 0
fi
archive_dir="$dist_dir/$version"
archive="$archive_dir/node-$version-linux-$arch.tar.gz"
if [[ -f "$archive" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "prepare-node: npm is not on PATH. The web console build needs it once, to fetch Node $version" >&2
  echo "from the npm registry (package node-linux-$arch). Install Node.js and npm first, for example" >&2
  echo "'apt-get install -y npm' on Debian or Ubuntu, then run the build again." >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "prepare-node: fetching node-linux-$arch@$bare with npm pack"
(cd "$work" && npm pack --silent "node-linux-$arch@$bare" >/dev/null)
tarball=$(ls "$work"/node-linux-"$arch"-*.tgz)
mkdir -p "$work/unpacked" "$work/node-$version-linux-$arch/bin"
tar -xzf "$tarball" -C "$work/unpacked"
cp "$work/unpacked/package/bin/node" "$work/node-$version-linux-$arch/bin/node"
chmod 755 "$work/node-$version-linux-$arch/bin/node"
mkdir -p "$archive_dir"
tar -czf "$archive.tmp" -C "$work" "node-$version-linux-$arch"
mv "$archive.tmp" "$archive"
echo "prepare-node: wrote $archive"
