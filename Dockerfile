# syntax=docker/dockerfile:1
# The canaryguard CLI image: the NativeAOT binary on a minimal base, for the `canaryguard-docker` pre-commit hook
# (`language: docker` builds this file from the hook's repository) and for CI jobs that run containers:
#   docker build -t canaryguard . && docker run --rm -v "$PWD:/src" canaryguard lint deploy/
# The webhook's image is deploy/Dockerfile.
#
# This project's machines have no container engine: the publish command below is the one .ci/run runs outside
# Docker for the native binary (tests/Linter.Tests/Contract/InstallTests.cs keeps the two the same).

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
# NativeAOT links with the platform toolchain.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Linter/Linter.csproj -c Release -r linux-x64 -p:PublishAot=true -o /app

# No shell, no package manager, non-root; the binary needs no .NET runtime.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble-chiseled
COPY --from=build /app/canaryguard /usr/local/bin/canaryguard
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/canaryguard"]
