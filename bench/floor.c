/* floor - the least work any image scanner must do on an image's layers: read each blob,
 * decompress it with the fastest decompressor bulwark uses (isa-l for gzip, libzstd for
 * zstd, nothing for plain tar) and sha256 both the compressed and the decompressed stream
 * (digest and diff_id checks). No tar parsing, no analysis: bulwark's wall time divided by
 * this is the price of everything it does on top.
 *
 * Usage: floor [-j N] BLOB...
 *   -j N  work on up to N blobs at once (default 1); layers are independent, so a scanner
 *         may do the same.
 * Prints one line per blob: sha256:<compressed> sha256:<uncompressed> <bytes in> <bytes out>
 * and a total line. Exit 1 on any read or decompression error.
 *
 * Build: gcc -O2 -o floor floor.c -lisal -lzstd -lcrypto -lpthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#define IN_CHUNK (1u << 20)
#define OUT_CHUNK (4u << 20)

struct job {
	const char *path;
	char in_hex[65], out_hex[65];
	uint64_t in_bytes, out_bytes;
	const char *error;
};

static struct job *jobs;
static int njobs;
static atomic_int next_job;

static void hex(const unsigned char *md, char out[65]) {
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

static int fill(int fd, unsigned char *buf, size_t cap, size_t *got) {
	ssize_t n;
	do
		n = read(fd, buf, cap);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	*got = (size_t)n;
	return 0;
}

static void run_job(struct job *j) {
	unsigned char *in = malloc(IN_CHUNK), *out = malloc(OUT_CHUNK);
	EVP_MD_CTX *hin = EVP_MD_CTX_new(), *hout = EVP_MD_CTX_new();
	EVP_DigestInit_ex(hin, EVP_sha256(), NULL);
	EVP_DigestInit_ex(hout, EVP_sha256(), NULL);
	int fd = open(j->path, O_RDONLY);
	if (fd < 0 || !in || !out) {
		j->error = "cannot open";
		goto done;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	size_t got;
	if (fill(fd, in, IN_CHUNK, &got)) {
		j->error = "read error";
		goto done;
	}
	int kind = 0; /* 0 plain, 1 gzip, 2 zstd: by magic, as a scanner must not trust media types */
	if (got >= 2 && in[0] == 0x1f && in[1] == 0x8b)
		kind = 1;
	else if (got >= 4 && in[0] == 0x28 && in[1] == 0xb5 && in[2] == 0x2f && in[3] == 0xfd)
		kind = 2;

	struct inflate_state *gz = NULL;
	ZSTD_DCtx *zs = NULL;
	if (kind == 1) {
		gz = malloc(sizeof *gz);
		isal_inflate_init(gz);
		gz->crc_flag = ISAL_GZIP;
	} else if (kind == 2) {
		zs = ZSTD_createDCtx();
	}
	while (got > 0) {
		j->in_bytes += got;
		EVP_DigestUpdate(hin, in, got);
		if (kind == 0) {
			j->out_bytes += got;
			EVP_DigestUpdate(hout, in, got);
		} else if (kind == 1) {
			gz->next_in = in;
			gz->avail_in = (uint32_t)got;
			while (gz->avail_in > 0) {
				if (gz->block_state == ISAL_BLOCK_FINISH) {
					/* multi-member gzip (pigz, concatenated streams): start the next member */
					isal_inflate_reset(gz);
					gz->crc_flag = ISAL_GZIP;
				}
				gz->next_out = out;
				gz->avail_out = OUT_CHUNK;
				int rc = isal_inflate(gz);
				if (rc != ISAL_DECOMP_OK) {
					j->error = "gzip data error";
					goto done_codec;
				}
				size_t n = OUT_CHUNK - gz->avail_out;
				j->out_bytes += n;
				EVP_DigestUpdate(hout, out, n);
				if (n == 0 && gz->block_state != ISAL_BLOCK_FINISH)
					break; /* needs more input */
			}
		} else {
			ZSTD_inBuffer zin = {in, got, 0};
			while (zin.pos < zin.size) {
				ZSTD_outBuffer zout = {out, OUT_CHUNK, 0};
				size_t rc = ZSTD_decompressStream(zs, &zout, &zin);
				if (ZSTD_isError(rc)) {
					j->error = "zstd data error";
					goto done_codec;
				}
				j->out_bytes += zout.pos;
				EVP_DigestUpdate(hout, out, zout.pos);
			}
		}
		if (fill(fd, in, IN_CHUNK, &got)) {
			j->error = "read error";
			goto done_codec;
		}
	}
	/* drain output isa-l still holds once all input is consumed */
	if (kind == 1) {
		while (gz->block_state != ISAL_BLOCK_FINISH) {
			gz->next_out = out;
			gz->avail_out = OUT_CHUNK;
			if (isal_inflate(gz) != ISAL_DECOMP_OK) {
				j->error = "gzip data error";
				break;
			}
			size_t n = OUT_CHUNK - gz->avail_out;
			if (n == 0) {
				j->error = "gzip stream truncated";
				break;
			}
			j->out_bytes += n;
			EVP_DigestUpdate(hout, out, n);
		}
	}
done_codec:
	free(gz);
	ZSTD_freeDCtx(zs);
done:
	if (fd >= 0)
		close(fd);
	unsigned char md[32];
	unsigned int len;
	EVP_DigestFinal_ex(hin, md, &len);
	hex(md, j->in_hex);
	EVP_DigestFinal_ex(hout, md, &len);
	hex(md, j->out_hex);
	EVP_MD_CTX_free(hin);
	EVP_MD_CTX_free(hout);
	free(in);
	free(out);
}

static void *worker(void *arg) {
	(void)arg;
	for (int i; (i = atomic_fetch_add(&next_job, 1)) < njobs;)
		run_job(&jobs[i]);
	return NULL;
}

int main(int argc, char **argv) {
	int threads = 1, first = 1;
	if (argc > 2 && strcmp(argv[1], "-j") == 0) {
		threads = atoi(argv[2]);
		first = 3;
	}
	if (first >= argc || threads < 1) {
		fprintf(stderr, "usage: floor [-j N] BLOB...\n");
		return 2;
	}
	njobs = argc - first;
	jobs = calloc((size_t)njobs, sizeof *jobs);
	for (int i = 0; i < njobs; i++)
		jobs[i].path = argv[first + i];
	if (threads > njobs)
		threads = njobs;
	pthread_t tid[64];
	if (threads > 64)
		threads = 64;
	for (int t = 1; t < threads; t++)
		pthread_create(&tid[t], NULL, worker, NULL);
	worker(NULL);
	for (int t = 1; t < threads; t++)
		pthread_join(tid[t], NULL);

	uint64_t tin = 0, tout = 0;
	int bad = 0;
	for (int i = 0; i < njobs; i++) {
		if (jobs[i].error) {
			fprintf(stderr, "floor: %s: %s\n", jobs[i].path, jobs[i].error);
			bad = 1;
		}
		printf("sha256:%s sha256:%s %llu %llu\n", jobs[i].in_hex, jobs[i].out_hex,
		       (unsigned long long)jobs[i].in_bytes, (unsigned long long)jobs[i].out_bytes);
		tin += jobs[i].in_bytes;
		tout += jobs[i].out_bytes;
	}
	printf("total %d blobs %llu bytes in %llu bytes out\n", njobs, (unsigned long long)tin,
	       (unsigned long long)tout);
	return bad;
}
