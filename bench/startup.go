package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// The handshake Terraform and every provider built on terraform-plugin-go
// agree on.
const (
	magicCookie   = "TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
	schemaRPC     = "/tfplugin6.Provider/GetProviderSchema"
	startupBudget = 10 * time.Second
)

// starter starts a provider the way Terraform does, with mutual TLS, and
// times it until the provider has answered GetProviderSchema.
type starter struct {
	certPEM []byte
	cert    tls.Certificate
}

func newStarter() (*starter, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "localhost"},
		DNSNames:              []string{"localhost"},
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	return &starter{
		certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		cert:    tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
	}, nil
}

// schemaTime starts exe, asks for its schema, stops it, and returns the time
// from start to answer and the schema's size in bytes.
func (s *starter) schemaTime(exe string) (time.Duration, int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), startupBudget)
	defer cancel()

	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), magicCookie, "PLUGIN_PROTOCOL_VERSIONS=6", "PLUGIN_CLIENT_CERT="+string(s.certPEM))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	stop := context.AfterFunc(ctx, func() { _ = cmd.Process.Kill() })
	defer stop()

	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return 0, 0, fmt.Errorf("%s printed no handshake: %w\n%s", exe, err, tail(stderr.String(), 10))
	}
	creds, addr, err := s.dialInfo(line)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", exe, err)
	}
	conn, err := grpc.NewClient("unix:"+addr, grpc.WithTransportCredentials(creds))
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	var schema []byte
	if err := conn.Invoke(ctx, schemaRPC, &[]byte{}, &schema, grpc.ForceCodec(rawCodec{})); err != nil {
		return 0, 0, fmt.Errorf("%s: GetProviderSchema: %w", exe, err)
	}
	took := time.Since(start)
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return took, len(schema), nil
}

// dialInfo reads go-plugin's handshake line,
// "1|6|unix|/tmp/plugin123|grpc|<server certificate>".
func (s *starter) dialInfo(line string) (credentials.TransportCredentials, string, error) {
	f := strings.Split(strings.TrimSpace(line), "|")
	if len(f) != 6 || f[1] != "6" || f[2] != "unix" || f[4] != "grpc" {
		return nil, "", fmt.Errorf("unexpected handshake %q", line)
	}
	der, err := base64.RawStdEncoding.DecodeString(f[5])
	if err != nil {
		return nil, "", fmt.Errorf("handshake certificate: %w", err)
	}
	server, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, "", fmt.Errorf("handshake certificate: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(server)
	return credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{s.cert},
		RootCAs:      pool,
		ServerName:   "localhost",
		MinVersion:   tls.VersionTLS12,
	}), f[3], nil
}

// rawCodec moves messages as bytes: an empty request is an empty
// GetProviderSchema.Request, and the answer only needs counting.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(v any) ([]byte, error) {
	b, ok := v.(*[]byte)
	if !ok {
		return nil, errors.New("rawCodec: not *[]byte")
	}
	return *b, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	b, ok := v.(*[]byte)
	if !ok {
		return errors.New("rawCodec: not *[]byte")
	}
	*b = append((*b)[:0], data...)
	return nil
}
