import socket

with socket.socket() as sockfd:
    sockfd.bind(('0.0.0.0', 8889))
    sockfd.listen(5)
    while True:
        print('Waiting for connect...')
        connfd, addr = sockfd.accept()
        with connfd:
            while True:
                data = connfd.recv(1024)
                if not data or data.decode() == '##':
                    break
                connfd.send(b'Thanks your message')
        break
