# studybot: one process running every frontend whose tokens are set, data in one SQLite file.
# Build: docker compose build     Run: docker compose up -d     (see docker-compose.yml)

FROM python:3.12-slim AS deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
# Only the locked runtime dependencies (exact versions, every file checked against its hash; no dev
# extras, no build tools in the final image), so an image built next month holds today's packages.
COPY requirements.lock ./
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes -r requirements.lock

FROM python:3.12-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STUDYBOT_DB=/data/studybot.db \
    STUDYBOT_CONTENT=/app/content \
    STUDYBOT_HTTP_PORT=3000 \
    MPLCONFIGDIR=/tmp/matplotlib
# (MPLCONFIGDIR: matplotlib keeps its font list in a writable folder; the app folder is read-only)
RUN groupadd --system --gid 10001 studybot \
    && useradd --system --uid 10001 --gid studybot --home-dir /app --shell /usr/sbin/nologin studybot \
    && mkdir -p /data \
    && chown studybot:studybot /data
COPY --from=deps /opt/venv /opt/venv
WORKDIR /app
COPY bot/ ./bot/
COPY content/ ./content/
USER studybot
VOLUME ["/data"]
EXPOSE 3000
# Database reachable, last post time, and GET /healthz when the Slack HTTP server is running.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
# SIGTERM (docker stop) lets in-flight answers finish before the database closes.
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
