# The app image used by compose.yaml.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 GOVERNANCE_DATA_DIR=/data
COPY pyproject.toml README.md ./
COPY governance ./governance
COPY templates ./templates
COPY fixtures ./fixtures
COPY static ./static
RUN pip install --no-cache-dir -e . && useradd --create-home governance && mkdir -p /data \
    && chown governance /data
USER governance
EXPOSE 8000
CMD ["sh", "-c", "governance db upgrade && governance serve --host 0.0.0.0 --port 8000"]
