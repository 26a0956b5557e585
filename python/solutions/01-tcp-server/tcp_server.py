"""Day 1: a TCP server for one client.

It listens on port 8888 of every address, accepts one client, answers each
message, and ends when the client sends '##' or leaves.
"""
from socket import socket, AF_INET, SOCK_STREAM

ADDR = ('0.0.0.0', 8888)

sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.bind(ADDR)
sockfd.listen(5)
print('Waiting for connect...')
connfd, addr = sockfd.accept()
print('Connect from', addr)

while True:
    data = connfd.recv(1024)
    # b'' means the client has left; recv would return b'' for ever.
    if not data:
        break
    # data is bytes: decode it before comparing it with a str.
    if data.decode() == '##':
        break
    print('Receive:', data.decode())
    connfd.send(b'Receive your message')

connfd.close()
sockfd.close()
