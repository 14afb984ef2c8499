// COpenSSL: OpenSSL for Swift. Imported only by PalisadeTLS.
// Floor: OpenSSL 3.0. Shims exist only for what Swift cannot call: macros.
#ifndef PALISADE_COPENSSL_H
#define PALISADE_COPENSSL_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/evp.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/rsa.h>

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "Palisade needs OpenSSL >= 3.0"
#endif

// MARK: Macro wrappers (these are macros in OpenSSL 3.0)

static inline long COpenSSL_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long COpenSSL_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long COpenSSL_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline long COpenSSL_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}
static inline EVP_PKEY *COpenSSL_EVP_EC_gen(const char *curve) {
    return EVP_EC_gen(curve);
}
static inline int COpenSSL_sk_GENERAL_NAME_num(const STACK_OF(GENERAL_NAME) *names) {
    return sk_GENERAL_NAME_num(names);
}
static inline GENERAL_NAME *COpenSSL_sk_GENERAL_NAME_value(const STACK_OF(GENERAL_NAME) *names, int i) {
    return sk_GENERAL_NAME_value(names, i);
}
static inline void COpenSSL_GENERAL_NAMES_free(STACK_OF(GENERAL_NAME) *names) {
    GENERAL_NAMES_free(names);
}

// MARK: Macro wrappers added for PalisadeTLS

// SSL_CTX_add1_chain_cert is a macro over SSL_CTX_ctrl(SSL_CTRL_CHAIN_CERT) with a cast.
static inline long COpenSSL_SSL_CTX_add1_chain_cert(SSL_CTX *ctx, X509 *x509) {
    return SSL_CTX_add1_chain_cert(ctx, x509);
}
// sk_GENERAL_NAME_push is a macro over OPENSSL_sk_push with type-checking casts.
static inline int COpenSSL_sk_GENERAL_NAME_push(STACK_OF(GENERAL_NAME) *names, GENERAL_NAME *name) {
    return sk_GENERAL_NAME_push(names, name);
}
// OPENSSL_free is a macro (it passes __FILE__/__LINE__ to CRYPTO_free).
static inline void COpenSSL_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}
// EVP_RSA_gen is a macro over the variadic EVP_PKEY_Q_keygen, which Swift cannot call either.
static inline EVP_PKEY *COpenSSL_EVP_RSA_gen(unsigned int bits) {
    return EVP_RSA_gen(bits);
}

// MARK: Constants Swift cannot import (SSL_OP_* expand to the function-like macro SSL_OP_BIT)

static const uint64_t COpenSSL_SSL_OP_NO_COMPRESSION = SSL_OP_NO_COMPRESSION;
static const uint64_t COpenSSL_SSL_OP_NO_RENEGOTIATION = SSL_OP_NO_RENEGOTIATION;
static const uint64_t COpenSSL_SSL_OP_NO_TICKET = SSL_OP_NO_TICKET;
static const uint64_t COpenSSL_SSL_OP_CIPHER_SERVER_PREFERENCE = SSL_OP_CIPHER_SERVER_PREFERENCE;

#endif
